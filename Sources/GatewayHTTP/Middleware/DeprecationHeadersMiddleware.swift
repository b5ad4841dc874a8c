import Hummingbird

/// Adds the deprecation signals to every legacy response, errors included: `Deprecation`,
/// `Sunset` (when configured), `Link` with `rel="deprecation"` and `rel="successor-version"`,
/// and a Kubernetes-style `Warning: 299`.
///
/// The successor is the Cluster-API resource the handler noted (one `InferenceWorkload`, or the
/// collection of a namespace); without a note, the collection of every namespace.
struct DeprecationHeadersMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let signals: DeprecationSignals

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = LegacyErrorRendering.response(for: error, request: request, context: context)
        }
        let successor = context.legacyCall.current.successor ?? .allNamespaces
        signals.append(
            to: &response.headers,
            method: request.method,
            path: request.uri.path,
            successor: successor,
            host: request.head.authority
        )
        return response
    }
}
