/// The Kubernetes `Status` object (`meta/v1`) that the API server returns for errors and some deletes.
///
/// ```json
/// {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"…",
///  "reason":"AlreadyExists","details":{"name":"x","group":"run.ai","kind":"inferenceworkloads"},"code":409}
/// ```
public struct KubernetesStatus: Codable, Hashable, Sendable {
    /// `Success` or `Failure`.
    public var status: String?
    /// A human-readable description.
    public var message: String?
    /// A machine-readable reason, e.g. `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, `Expired`.
    public var reason: String?
    /// More about the object concerned.
    public var details: Details?
    /// The HTTP status code this status stands for.
    public var code: Int?
    /// `Status`, when the body really is a status.
    public var kind: String?

    /// The object a status is about, and the causes of a failure.
    public struct Details: Codable, Hashable, Sendable {
        /// The object's name.
        public var name: String?
        /// The API group of the object.
        public var group: String?
        /// The plural resource of the object (Kubernetes puts the resource here, not the kind).
        public var kind: String?
        /// The object's UID.
        public var uid: String?
        /// The individual problems, e.g. one per invalid field.
        public var causes: [Cause]?
        /// How long to wait before retrying, when the server says so.
        public var retryAfterSeconds: Int?

        /// Creates details.
        public init(
            name: String? = nil,
            group: String? = nil,
            kind: String? = nil,
            uid: String? = nil,
            causes: [Cause]? = nil,
            retryAfterSeconds: Int? = nil
        ) {
            self.name = name
            self.group = group
            self.kind = kind
            self.uid = uid
            self.causes = causes
            self.retryAfterSeconds = retryAfterSeconds
        }
    }

    /// One problem behind a failure.
    public struct Cause: Codable, Hashable, Sendable {
        /// A machine-readable cause, e.g. `FieldValueInvalid`.
        public var reason: String?
        /// A human-readable description.
        public var message: String?
        /// The field concerned, e.g. `spec.replicas`.
        public var field: String?

        /// Creates a cause.
        public init(reason: String? = nil, message: String? = nil, field: String? = nil) {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    /// Creates a status.
    public init(
        status: String? = "Failure",
        message: String? = nil,
        reason: String? = nil,
        details: Details? = nil,
        code: Int? = nil,
        kind: String? = "Status"
    ) {
        self.status = status
        self.message = message
        self.reason = reason
        self.details = details
        self.code = code
        self.kind = kind
    }
}
