import Hummingbird

/// Turns every error thrown under it into a legacy error response
/// (`{"status": N, "message": "…", "details": "…"}`), so that no legacy caller ever sees another
/// error shape, and no error text of the gateway's internals reaches a caller.
struct LegacyErrorMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return LegacyErrorRendering.response(for: error, request: request, context: context)
        }
    }
}
