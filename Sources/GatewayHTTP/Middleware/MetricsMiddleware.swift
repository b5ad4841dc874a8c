import Hummingbird

/// Counts and times every request (`gateway_http_requests_total`,
/// `gateway_http_request_duration_seconds`) by route template, method and status class.
///
/// The outermost middleware, so the time covers the whole answer and the status is the one sent,
/// errors included. A legacy call is labelled by the table row its handler noted; any other
/// request by the template the router matched; a request no route matched as `unmatched`.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let routes: RouteMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, response.status, ContinuousClock.now - started)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            record(request, context, status, ContinuousClock.now - started)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, _ status: HTTPResponse.Status, _ elapsed: Duration) {
        if let row = context.legacyCall.route {
            let researcher = request.uri.path.utf8.starts(with: Self.researcherPrefix)
            routes.record(legacyRow: row, researcher: researcher, status: status, duration: elapsed)
        } else {
            routes.record(template: context.endpointPath, method: request.method, status: status, duration: elapsed)
        }
    }

    private static let researcherPrefix = Array("/\(LegacyRoutes.researcherPrefix)/".utf8)
}

/// Counts every legacy call in `gateway_deprecated_api_requests_total` by endpoint and client.
///
/// Inside the legacy stack, so it sees every legacy path (unknown ones included) and the caller
/// authentication established.
struct DeprecatedCallsMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    /// `nil` counts nothing.
    let calls: DeprecatedCallMetrics?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let calls else { return try await next(request, context) }
        defer {
            let notes = context.legacyCall.current
            let client = DeprecatedCallMetrics.client(
                authenticatedUser: notes.principal?.isAuthenticated == true ? notes.principal?.user : nil,
                raUser: request.headers[LegacyHeader.raUser],
                userAgent: request.headers[.userAgent]
            )
            calls.record(endpoint: notes.route.map { LegacyRoutes.table[$0].endpoint }, client: client)
        }
        return try await next(request, context)
    }
}
