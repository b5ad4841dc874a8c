import Hummingbird

/// Runs `inner` for requests to the legacy API only, and passes every other request straight on.
///
/// Added to the router rather than to route groups, so that it also runs for paths no route
/// matches: an unknown legacy path still gets the legacy error body and the deprecation headers.
/// The whole legacy stack sits in one `inner`, so a request's path is classified once.
struct LegacyOnlyMiddleware<Inner: MiddlewareProtocol>: RouterMiddleware
where Inner.Input == Request, Inner.Output == Response, Inner.Context == GatewayRequestContext {
    typealias Context = GatewayRequestContext
    let inner: Inner

    /// Wraps the middleware stack `build` returns, outermost first.
    init(@MiddlewareFixedTypeBuilder<Request, Response, GatewayRequestContext> _ build: () -> Inner) {
        self.inner = build()
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard LegacyRoutes.isLegacy(request.uri.path) else {
            return try await next(request, context)
        }
        return try await inner.handle(request, context: context, next: next)
    }
}
