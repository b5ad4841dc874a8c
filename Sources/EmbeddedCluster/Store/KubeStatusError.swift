import GatewayCore

/// A Kubernetes API error: renders the exact `metav1.Status` a kube-apiserver would send.
///
/// Every failure of ``ClusterStore`` is one of these, so the API layer answers with
/// ``code`` and ``statusObject`` and never with a 500 for bad input.
///
/// ```json
/// {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
///  "message":"inferenceworkloads.run.ai \"demo\" not found","reason":"NotFound",
///  "details":{"name":"demo","group":"run.ai","kind":"inferenceworkloads"},"code":404}
/// ```
public struct KubeStatusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One entry of `details.causes`.
    public struct Cause: Sendable, Equatable {
        /// A machine-readable reason such as `FieldValueInvalid`, `FieldValueRequired`, `FieldManagerConflict`.
        public var reason: String
        /// What is wrong with the field.
        public var message: String
        /// The field path, such as `metadata.resourceVersion`.
        public var field: String

        /// Creates a cause.
        public init(reason: String, message: String, field: String) {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    /// `details` of the Status.
    public struct Details: Sendable, Equatable {
        /// The object name, when one is concerned.
        public var name: String?
        /// The API group (`run.ai`, or `meta.k8s.io` for option errors).
        public var group: String?
        /// The plural resource (`inferenceworkloads`) or, for `Invalid`, the kind.
        public var kind: String?
        /// The object UID, when known.
        public var uid: String?
        /// Field-level causes.
        public var causes: [Cause]

        /// Creates details.
        public init(name: String? = nil, group: String? = nil, kind: String? = nil, uid: String? = nil, causes: [Cause] = []) {
            self.name = name
            self.group = group
            self.kind = kind
            self.uid = uid
            self.causes = causes
        }
    }

    /// The HTTP status code (400, 403, 404, 405, 409, 410, 415, 422, 500, …).
    public var code: Int
    /// The `reason` (`NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, `BadRequest`, `Expired`, …).
    public var reason: String
    /// The human message, in the apiserver's wording.
    public var message: String
    /// `details`, or `nil` when the Status carries none (as for `Expired`).
    public var details: Details?

    /// Creates an error from its parts; prefer the named constructors.
    public init(code: Int, reason: String, message: String, details: Details? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }

    /// `<code> <reason>: <message>`, for logs.
    public var description: String { "\(code) \(reason): \(message)" }

    /// The `metav1.Status` object, ready to serialise (keys sorted by ``JSONValue/compactString``).
    public var statusObject: JSONValue {
        var object: JSONValue = [
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": [:],
            "status": "Failure",
            "message": .string(message),
            "reason": .string(reason),
            "code": .integer(Int64(code)),
        ]
        if let details {
            var rendered: [String: JSONValue] = [:]
            if let name = details.name { rendered["name"] = .string(name) }
            if let group = details.group { rendered["group"] = .string(group) }
            if let kind = details.kind { rendered["kind"] = .string(kind) }
            if let uid = details.uid { rendered["uid"] = .string(uid) }
            if !details.causes.isEmpty {
                rendered["causes"] = .array(
                    details.causes.map { ["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)] }
                )
            }
            object["details"] = .object(rendered)
        }
        return object
    }

    /// The `Status` a successful delete answers with (`status: Success`, code 200).
    ///
    /// `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name":…,"group":"run.ai","kind":"inferenceworkloads","uid":…}}`
    public static func deleteSuccess(name: String, uid: String?, kind: ResourceKind = .inferenceWorkloads) -> JSONValue {
        var details: JSONValue = ["name": .string(name), "group": .string(kind.group), "kind": .string(kind.plural)]
        if let uid { details["uid"] = .string(uid) }
        return ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success", "details": details]
    }
}
