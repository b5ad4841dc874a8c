import GatewayCore

extension KubeStatusError {
    private static func resourceDetails(_ name: String, kind: ResourceKind, uid: String? = nil) -> Details {
        Details(name: name, group: kind.group, kind: kind.plural, uid: uid)
    }

    /// 404 NotFound: `inferenceworkloads.run.ai "demo" not found`.
    public static func notFound(_ name: String, kind: ResourceKind = .inferenceWorkloads) -> KubeStatusError {
        KubeStatusError(
            code: 404,
            reason: "NotFound",
            message: "\(kind.qualifiedResource) \"\(name)\" not found",
            details: resourceDetails(name, kind: kind)
        )
    }

    /// 409 AlreadyExists: `inferenceworkloads.run.ai "demo" already exists`.
    public static func alreadyExists(_ name: String, kind: ResourceKind = .inferenceWorkloads) -> KubeStatusError {
        KubeStatusError(
            code: 409,
            reason: "AlreadyExists",
            message: "\(kind.qualifiedResource) \"\(name)\" already exists",
            details: resourceDetails(name, kind: kind)
        )
    }

    /// 409 Conflict with the apiserver's optimistic-concurrency message.
    public static func conflict(_ name: String, kind: ResourceKind = .inferenceWorkloads) -> KubeStatusError {
        conflict(name, kind: kind, "the object has been modified; please apply your changes to the latest version and try again")
    }

    /// 409 Conflict: `Operation cannot be fulfilled on inferenceworkloads.run.ai "demo": <why>`.
    public static func conflict(
        _ name: String,
        kind: ResourceKind = .inferenceWorkloads,
        _ why: String,
        causes: [Cause] = []
    ) -> KubeStatusError {
        var details = resourceDetails(name, kind: kind)
        details.causes = causes
        return KubeStatusError(
            code: 409,
            reason: "Conflict",
            message: "Operation cannot be fulfilled on \(kind.qualifiedResource) \"\(name)\": \(why)",
            details: details
        )
    }

    /// 422 Invalid: `InferenceWorkload.run.ai "demo" is invalid: <field>: <message>` with one cause per field.
    ///
    /// As in the apiserver, `details.kind` is the kind (`InferenceWorkload`), not the plural.
    public static func invalid(_ name: String, _ causes: [Cause], kind: ResourceKind = .inferenceWorkloads) -> KubeStatusError {
        invalid(kind: kind.kind, group: kind.group, name: name, causes)
    }

    /// 422 Invalid for any kind, such as `PatchOptions` / `meta.k8s.io` or `ListOptions` (`group` empty for the core group).
    public static func invalid(kind: String, group: String, name: String, _ causes: [Cause]) -> KubeStatusError {
        let summary = causes.map { "\($0.field): \($0.message)" }
        let joined = summary.count == 1 ? summary[0] : "[" + summary.joined(separator: ", ") + "]"
        let qualified = group.isEmpty ? kind : "\(kind).\(group)"
        return KubeStatusError(
            code: 422,
            reason: "Invalid",
            message: "\(qualified) \"\(name)\" is invalid: \(joined)",
            details: Details(name: name, group: group, kind: kind, causes: causes)
        )
    }

    /// A `FieldValueInvalid` cause: `Invalid value: <value>: <detail>`.
    public static func invalidValue(_ field: String, _ value: JSONValue, _ detail: String) -> Cause {
        Cause(reason: "FieldValueInvalid", message: "Invalid value: \(value.compactString): \(detail)", field: field)
    }

    /// A `FieldValueRequired` cause: `Required value: <detail>`.
    public static func requiredValue(_ field: String, _ detail: String) -> Cause {
        Cause(reason: "FieldValueRequired", message: "Required value: \(detail)", field: field)
    }

    /// A `FieldValueForbidden` cause: `Forbidden: <detail>`.
    public static func forbiddenValue(_ field: String, _ detail: String) -> Cause {
        Cause(reason: "FieldValueForbidden", message: "Forbidden: \(detail)", field: field)
    }

    /// 400 BadRequest with a free message (no details).
    public static func badRequest(_ message: String) -> KubeStatusError {
        KubeStatusError(code: 400, reason: "BadRequest", message: message)
    }

    /// 410 Expired, as for a watch from a compacted resourceVersion: `too old resource version: 5 (120)`.
    public static func expired(_ message: String) -> KubeStatusError {
        KubeStatusError(code: 410, reason: "Expired", message: message)
    }

    /// 410 Expired for a watch: `too old resource version: <requested> (<oldest available>)`.
    public static func tooOldResourceVersion(requested: Int64, oldest: Int64) -> KubeStatusError {
        expired("too old resource version: \(requested) (\(oldest))")
    }

    /// 415 UnsupportedMediaType: `the body of the request was in an unknown format - accepted media types include: …`.
    public static func unsupportedMediaType(_ contentType: String, accepted: [String]) -> KubeStatusError {
        KubeStatusError(
            code: 415,
            reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: "
                + accepted.joined(separator: ", ")
        )
    }

    /// 405 MethodNotAllowed.
    public static func methodNotAllowed(_ message: String) -> KubeStatusError {
        KubeStatusError(code: 405, reason: "MethodNotAllowed", message: message)
    }

    /// 403 Forbidden, in the apiserver's RBAC wording:
    /// `inferenceworkloads.run.ai is forbidden: User "u" cannot list resource "inferenceworkloads" in API group "run.ai" in the namespace "ns"`.
    public static func forbidden(
        user: String,
        verb: String,
        namespace: String?,
        name: String? = nil,
        kind: ResourceKind = .inferenceWorkloads
    ) -> KubeStatusError {
        let scope = namespace.map { " in the namespace \"\($0)\"" } ?? " at the cluster scope"
        let subject = name.map { "\(kind.qualifiedResource) \"\($0)\"" } ?? kind.qualifiedResource
        return KubeStatusError(
            code: 403,
            reason: "Forbidden",
            message: "\(subject) is forbidden: User \"\(user)\" cannot \(verb) resource \"\(kind.plural)\" "
                + "in API group \"\(kind.group)\"\(scope)",
            details: Details(name: name, group: kind.group, kind: kind.plural)
        )
    }

    /// 500 InternalError, for storage failures only (never for bad input).
    public static func internalError(_ message: String) -> KubeStatusError {
        KubeStatusError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }
}
