import Foundation
import Logging

/// Decides who a caller is and where they may act, for the legacy API and for the embedded
/// Kubernetes API served beside it.
///
/// In `none` mode everyone is the anonymous principal with every project. In `tokens` mode a
/// caller must send `Authorization: Bearer <token>` with a token of the tokens file, and may
/// touch only the projects listed for it; the file is re-read when it changes. In `oidc` mode
/// the bearer token is an id-token of the configured issuer (or, with a tokens file too, a token
/// of that file), and its claims name the user and the projects.
///
/// The embedded cluster confines tokens to their projects' namespaces with
/// ``allows(bearerToken:namespace:)`` (or the ``namespaceCheck`` closure, which needs no
/// import of this module's types).
public struct LegacyAccessControl: Sendable {
    /// Why a caller was turned away.
    public enum Denial: Error, Sendable, Equatable {
        /// No token, a malformed `Authorization` header, or a token that is not in the file: 401.
        case unauthenticated(reason: String)
        /// A valid token used outside its projects: 403.
        case forbidden(user: String, project: String)
    }

    private let tokens: TokenStore?
    private let oidc: OIDCVerifier?
    private let namespaceOfProject: @Sendable (String) async -> String?

    /// Access control for `authentication`.
    ///
    /// - Parameters:
    ///   - authentication: `none`, the tokens file to read, or the OIDC issuer to trust.
    ///   - namespaceOfProject: the namespace a project's workloads live in (`nil` for an
    ///     unknown project); used to confine tokens to namespaces.
    ///   - logger: where reloads of the tokens file are reported (never the tokens).
    ///   - now: the clock of the OIDC keys' cache and refetch limit (a test clock in tests).
    /// - Throws: ``GatewayConfigurationError`` when the tokens file, the JWKS file or the OIDC
    ///   projects file cannot be read or is invalid.
    public init(
        authentication: LegacyAPIConfiguration.Authentication,
        namespaceOfProject: @escaping @Sendable (String) async -> String?,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        logger: Logger
    ) throws {
        switch authentication {
        case .none:
            tokens = nil
            oidc = nil
        case .tokens(let file):
            tokens = try TokenStore(path: file, logger: logger)
            oidc = nil
        case .oidc(let configuration, let tokensFile):
            tokens = try tokensFile.map { try TokenStore(path: $0, logger: logger) }
            oidc = try OIDCVerifier(configuration: configuration, now: now, logger: logger)
        }
        self.namespaceOfProject = namespaceOfProject
    }

    /// Whether callers must present a bearer token.
    public var requiresToken: Bool { tokens != nil || oidc != nil }

    /// Reads the OIDC issuer's signing keys ahead of the first token, so a missing or invalid
    /// JWKS shows in the log at start. A failure is not fatal: the keys are read again on use.
    public func prepare() async {
        await oidc?.keys.prefetch()
    }

    /// The principal of a request.
    ///
    /// - Parameters:
    ///   - authorization: the `Authorization` header, if any.
    ///   - displayUser: the `RA-USER` header, if any (used in `none` mode only).
    /// - Throws: ``Denial/unauthenticated(reason:)`` in `tokens` or `oidc` mode without a valid token.
    public func principal(authorization: String?, displayUser: String?) async throws(Denial) -> Principal {
        guard requiresToken else {
            return .anonymous(displayUser: displayUser?.isEmpty == false ? displayUser : nil)
        }
        guard let authorization, !authorization.isEmpty else {
            throw .unauthenticated(reason: "this gateway requires a bearer token: send Authorization: Bearer <token>")
        }
        guard let token = Self.bearerToken(authorization) else {
            throw .unauthenticated(reason: "the Authorization header must have the form Bearer <token>")
        }
        if let grant = tokens?.lookup(token) {
            return Principal(user: grant.user, displayUser: grant.user, scope: grant.scope, isAuthenticated: true)
        }
        guard let oidc, tokens == nil || OIDCVerifier.looksLikeJWT(token) else {
            throw .unauthenticated(reason: "the bearer token is not valid")
        }
        do {
            return try await oidc.principal(token: token)
        } catch {
            throw .unauthenticated(reason: error.reason)
        }
    }

    /// Whether a caller presenting `bearerToken` may act in `namespace`.
    ///
    /// In `none` mode every caller may act everywhere. In `tokens` mode the token must be in the
    /// tokens file, and `namespace` must be the namespace of one of its projects (any namespace
    /// for `*`).
    public func allows(bearerToken: String?, namespace: String) async -> Bool {
        guard requiresToken else { return true }
        guard let bearerToken, let principal = try? await principal(authorization: "Bearer \(bearerToken)", displayUser: nil)
        else { return false }
        return await allows(principal, namespace: namespace)
    }

    /// Whether `principal` may act in `namespace`: the namespace of one of its projects (any
    /// namespace for all projects).
    public func allows(_ principal: Principal, namespace: String) async -> Bool {
        switch principal.scope {
        case .allProjects:
            return true
        case .projects(let names):
            for project in names where await namespaceOfProject(project) == namespace {
                return true
            }
            return false
        }
    }

    /// ``allows(bearerToken:namespace:)`` as a closure of standard types, for modules that
    /// cannot import this one (the embedded cluster).
    public var namespaceCheck: @Sendable (_ bearerToken: String?, _ namespace: String) async -> Bool {
        { token, namespace in await allows(bearerToken: token, namespace: namespace) }
    }

    /// The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive.
    static func bearerToken(_ authorization: String) -> String? {
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
