import Foundation

/// One request to the embedded Kubernetes API, as an access check sees it.
public struct KubeAccessRequest: Sendable, Equatable {
    /// The bearer token of the `Authorization` header, if any.
    public var bearerToken: String?
    /// The Kubernetes verb: `get`, `list`, `watch`, `create`, `update`, `patch` or `delete`.
    public var verb: String
    /// The namespace addressed; `nil` for discovery and for cluster-wide lists and watches.
    public var namespace: String?
    /// Whether the request only reads discovery or OpenAPI documents (no objects).
    public var isDiscovery: Bool

    /// Creates an access request.
    public init(bearerToken: String?, verb: String, namespace: String?, isDiscovery: Bool) {
        self.bearerToken = bearerToken
        self.verb = verb
        self.namespace = namespace
        self.isDiscovery = isDiscovery
    }
}

/// The answer of an access check.
public enum KubeAccessDecision: Sendable, Equatable {
    /// Go ahead, as a user confined to some namespaces: the labels the store reserves
    /// (``ClusterStore/Configuration/reservedLabels``) may not be written.
    case allow
    /// Go ahead, as the gateway itself, an administrator, or anyone in the unauthenticated mode:
    /// reserved labels may be written too.
    case allowTrusted
    /// No token, or one the gateway does not know: 401 `Unauthorized`.
    case unauthenticated
    /// A known user who may not do this here: 403 `Forbidden`, naming the user.
    case forbidden(user: String)
}

/// Decides who may do what on the embedded Kubernetes API.
///
/// The gateway passes the check of its own auth mode: ``allowAll`` when it runs without
/// authentication (it then listens on 127.0.0.1 unless told otherwise), or one that maps
/// bearer tokens to users and confines each to the namespaces of its projects.
///
/// ```swift
/// let access = KubeAccess { request in
///     request.bearerToken == "secret" ? .allow : .unauthenticated
/// }
/// ```
public struct KubeAccess: Sendable {
    /// The decision for one request.
    public let decide: @Sendable (KubeAccessRequest) async -> KubeAccessDecision

    /// Creates an access check from a closure.
    public init(_ decide: @escaping @Sendable (KubeAccessRequest) async -> KubeAccessDecision) {
        self.decide = decide
    }

    /// Everyone may do everything: the gateway's unauthenticated mode.
    public static let allowAll = KubeAccess { _ in .allowTrusted }

    /// Runs the check and turns a refusal into the `Status` a real API server sends.
    /// - Returns: the authority of the request's writes.
    /// - Throws: ``KubeStatusError`` 401 or 403.
    @discardableResult
    func authorize(_ request: KubeAccessRequest) async throws -> WriteAuthority {
        switch await decide(request) {
        case .allow:
            return .restricted
        case .allowTrusted:
            return .trusted
        case .unauthenticated:
            throw KubeStatusError.unauthorized()
        case .forbidden(let user):
            throw KubeStatusError.forbidden(user: user, verb: request.verb, namespace: request.namespace)
        }
    }
}
