import Hummingbird
import Logging

/// Establishes the caller of a legacy request and stores it on the context as
/// ``GatewayRequestContext/principal``; in `tokens` mode, turns away callers without a valid
/// token with 401 and `WWW-Authenticate: Bearer`.
struct LegacyAuthMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let accessControl: LegacyAccessControl

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let principal = try await accessControl.principal(
            authorization: request.headers[.authorization],
            displayUser: request.headers[LegacyHeader.raUser]
        )
        var context = context
        context.principal = principal
        context.legacyCall.note(principal: principal)
        if request.method != .get, request.method != .head {
            // Only writes log at info level; a poll skips the cost of re-rendering the metadata.
            context.logger[metadataKey: "gateway.principal"] = .string(principal.user)
        }
        return try await next(request, context)
    }
}
