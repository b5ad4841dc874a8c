/// An error from the Kubernetes client: a `Status` the API server answered with, or a transport,
/// configuration or credential problem.
///
/// Descriptions never contain tokens, keys or certificates.
/// ```swift
/// do { _ = try await client.create(workloads, namespace: "ns1", body: json) }
/// catch let error as KubernetesError where error.code == .alreadyExists { … }
/// ```
public struct KubernetesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in a form callers can switch on. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case badRequest, unauthorized, forbidden, notFound, methodNotAllowed, alreadyExists, conflict
            case expired, unsupportedMediaType, invalid, tooManyRequests, serverError, serverTimeout
            case unexpectedResponse, connectionFailed, tlsFailed, timedOut, cancelled
            case invalidConfiguration, credentialsFailed, invalidRequest, decodingFailed
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// 400 `BadRequest`.
        public static let badRequest = Code(.badRequest)
        /// 401 `Unauthorized`: the credentials were missing, wrong or expired.
        public static let unauthorized = Code(.unauthorized)
        /// 403 `Forbidden`.
        public static let forbidden = Code(.forbidden)
        /// 404 `NotFound`.
        public static let notFound = Code(.notFound)
        /// 405 `MethodNotAllowed`.
        public static let methodNotAllowed = Code(.methodNotAllowed)
        /// 409 `AlreadyExists`: a create named an existing object.
        public static let alreadyExists = Code(.alreadyExists)
        /// 409 `Conflict`: the object changed since the given `resourceVersion`, or a field manager conflict.
        public static let conflict = Code(.conflict)
        /// 410 `Expired`/`Gone`: a resource version or continue token is too old. Relist, then watch again.
        public static let expired = Code(.expired)
        /// 415 `UnsupportedMediaType`, e.g. a patch type the server does not support.
        public static let unsupportedMediaType = Code(.unsupportedMediaType)
        /// 422 `Invalid`: see ``KubernetesError/details`` for the causes.
        public static let invalid = Code(.invalid)
        /// 429 `TooManyRequests`, after the retries were used up.
        public static let tooManyRequests = Code(.tooManyRequests)
        /// A 5xx answer, after the retries were used up.
        public static let serverError = Code(.serverError)
        /// 504 or `ServerTimeout`/`Timeout`.
        public static let serverTimeout = Code(.serverTimeout)
        /// Any other unsuccessful answer, or a body that is not what the API promises.
        public static let unexpectedResponse = Code(.unexpectedResponse)
        /// The server could not be reached (refused, unresolvable, reset).
        public static let connectionFailed = Code(.connectionFailed)
        /// TLS failed: an untrusted server certificate, a rejected client certificate, a bad key.
        public static let tlsFailed = Code(.tlsFailed)
        /// The connect or request timeout passed.
        public static let timedOut = Code(.timedOut)
        /// The calling task was cancelled, or the client was shut down.
        public static let cancelled = Code(.cancelled)
        /// The kubeconfig or in-cluster configuration is missing or wrong.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A credential (token file, exec plugin) could not be obtained.
        public static let credentialsFailed = Code(.credentialsFailed)
        /// The call itself is wrong, e.g. a namespaced resource without a namespace.
        public static let invalidRequest = Code(.invalidRequest)
        /// A response body did not decode into the requested type.
        public static let decodingFailed = Code(.decodingFailed)

        /// The code's name, e.g. `alreadyExists`.
        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The HTTP status of the answer, when there was one.
    public var httpStatus: Int?
    /// The `reason` of the server's `Status`, e.g. `AlreadyExists`.
    public var reason: String?
    /// A message for operators; free of credentials.
    public var message: String
    /// The `details` of the server's `Status`: the object and the causes.
    public var details: KubernetesStatus.Details?
    /// How long the server asked to wait (`Retry-After` or `details.retryAfterSeconds`).
    public var retryAfterSeconds: Int?

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        httpStatus: Int? = nil,
        reason: String? = nil,
        details: KubernetesStatus.Details? = nil,
        retryAfterSeconds: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.reason = reason
        self.details = details
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// `Kubernetes <code> (HTTP <status>): <message>`.
    public var description: String {
        var text = "Kubernetes \(code)"
        if let httpStatus { text += " (HTTP \(httpStatus))" }
        return text + ": " + message
    }
}
