import GatewayCore

extension KubeStatusError {
    private static func resourceDetails(_ name: String, uid: String? = nil) -> Details {
        Details(name: name, group: InferenceWorkloadResource.group, kind: InferenceWorkloadResource.plural, uid: uid)
    }

    /// 404 NotFound: `inferenceworkloads.run.ai "demo" not found`.
    public static func notFound(_ name: String) -> KubeStatusError {
        KubeStatusError(
            code: 404,
            reason: "NotFound",
            message: "\(InferenceWorkloadResource.qualifiedResource) \"\(name)\" not found",
            details: resourceDetails(name)
        )
    }

    /// 409 AlreadyExists: `inferenceworkloads.run.ai "demo" already exists`.
    public static func alreadyExists(_ name: String) -> KubeStatusError {
        KubeStatusError(
            code: 409,
            reason: "AlreadyExists",
            message: "\(InferenceWorkloadResource.qualifiedResource) \"\(name)\" already exists",
            details: resourceDetails(name)
        )
    }

    /// 409 Conflict with the apiserver's optimistic-concurrency message.
    public static func conflict(_ name: String) -> KubeStatusError {
        conflict(name, "the object has been modified; please apply your changes to the latest version and try again")
    }

    /// 409 Conflict: `Operation cannot be fulfilled on inferenceworkloads.run.ai "demo": <why>`.
    public static func conflict(_ name: String, _ why: String, causes: [Cause] = []) -> KubeStatusError {
        var details = resourceDetails(name)
        details.causes = causes
        return KubeStatusError(
            code: 409,
            reason: "Conflict",
            message: "Operation cannot be fulfilled on \(InferenceWorkloadResource.qualifiedResource) \"\(name)\": \(why)",
            details: details
        )
    }

    /// 422 Invalid: `InferenceWorkload.run.ai "demo" is invalid: <field>: <message>` with one cause per field.
    ///
    /// As in the apiserver, `details.kind` is the kind (`InferenceWorkload`), not the plural.
    public static func invalid(_ name: String, _ causes: [Cause]) -> KubeStatusError {
        invalid(kind: InferenceWorkloadResource.kind, group: InferenceWorkloadResource.group, name: name, causes)
    }

    /// 422 Invalid for any kind, such as `PatchOptions` / `meta.k8s.io` or `ListOptions`.
    public static func invalid(kind: String, group: String, name: String, _ causes: [Cause]) -> KubeStatusError {
        let summary = causes.map { "\($0.field): \($0.message)" }
        let joined = summary.count == 1 ? summary[0] : "[" + summary.joined(separator: ", ") + "]"
        return KubeStatusError(
            code: 422,
            reason: "Invalid",
            message: "\(kind).\(group) \"\(name)\" is invalid: \(joined)",
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
    public static func forbidden(user: String, verb: String, namespace: String?, name: String? = nil) -> KubeStatusError {
        let scope = namespace.map { " in the namespace \"\($0)\"" } ?? " at the cluster scope"
        let subject =
            name.map { "\(InferenceWorkloadResource.qualifiedResource) \"\($0)\"" }
            ?? InferenceWorkloadResource.qualifiedResource
        return KubeStatusError(
            code: 403,
            reason: "Forbidden",
            message: "\(subject) is forbidden: User \"\(user)\" cannot \(verb) resource \"\(InferenceWorkloadResource.plural)\" "
                + "in API group \"\(InferenceWorkloadResource.group)\"\(scope)",
            details: Details(name: name, group: InferenceWorkloadResource.group, kind: InferenceWorkloadResource.plural)
        )
    }

    /// 500 InternalError, for storage failures only (never for bad input).
    public static func internalError(_ message: String) -> KubeStatusError {
        KubeStatusError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }
}
