import GatewayCore
import Hummingbird

/// Who may read the migration tooling: every project's traffic is in it, so only a caller whose
/// scope is every project (any caller without auth, a token listing `*`, an OIDC caller with
/// every project) — the admin scope the legacy API already has.
struct MigrationAccess: Sendable {
    let accessControl: LegacyAccessControl

    /// The caller, with any scope (translating reads nothing stored).
    /// - Throws: ``LegacyErrorResponse``: 401 without a valid token when the gateway needs one.
    func authenticate(_ request: Request) async throws -> Principal {
        do {
            return try await accessControl.principal(
                authorization: request.headers[.authorization],
                displayUser: request.headers[LegacyHeader.raUser]
            )
        } catch {
            guard case .unauthenticated(let reason) = error else { throw LegacyErrorResponse(error: Self.forbidden("caller")) }
            throw LegacyErrorResponse(
                error: LegacyAPIError(status: 401, message: "authorization: a valid bearer token is required", details: reason)
            )
        }
    }

    /// The caller, when allowed.
    /// - Throws: ``LegacyErrorResponse``: 401 without a valid token, 403 for a token limited to projects.
    func authorize(_ request: Request) async throws -> Principal {
        let principal = try await authenticate(request)
        guard principal.scope == .allProjects else { throw LegacyErrorResponse(error: Self.forbidden(principal.user)) }
        return principal
    }

    private static func forbidden(_ user: String) -> LegacyAPIError {
        LegacyAPIError(
            status: 403,
            message: "authorization: the migration tooling needs a token for every project",
            details: "The token of \(user) lists only some projects; the usage report shows every project's callers. "
                + "Use a token that lists \"*\"."
        )
    }
}
