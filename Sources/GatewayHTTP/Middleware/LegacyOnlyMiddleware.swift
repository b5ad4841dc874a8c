import Hummingbird

/// Runs `inner` for requests to the legacy API only, and passes every other request straight on.
///
/// Added to the router rather than to route groups, so that it also runs for paths no route
/// matches: an unknown legacy path still gets the legacy error body and the deprecation headers.
struct LegacyOnlyMiddleware<Inner: RouterMiddleware>: RouterMiddleware where Inner.Context == GatewayRequestContext {
    typealias Context = GatewayRequestContext
    let inner: Inner

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard LegacyRoutes.isLegacy(request.uri.path) else {
            return try await next(request, context)
        }
        return try await inner.handle(request, context: context, next: next)
    }
}
