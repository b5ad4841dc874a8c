import Hummingbird

/// `GET /metrics`: the gateway's metrics in Prometheus' text format (0.0.4).
///
/// No token by default, as kube-apiserver's and the kubelet's `/metrics` are usually reached:
/// keep the port behind a network policy. With `--metrics-auth token` a scrape needs a bearer
/// token of the tokens file or the OIDC issuer (any user). Never carries deprecation headers.
struct MetricsController: Sendable {
    let metrics: GatewayMetrics
    /// Checks the scrape's `Authorization` when a token is required; `nil` when none is.
    let authorize: (@Sendable (String?) async -> Bool)?

    /// Prometheus' text exposition format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    func addRoutes(to router: Router<GatewayRequestContext>) {
        router.get("metrics") { request, _ -> Response in
            if let authorize, await !authorize(request.headers[.authorization]) {
                return Response(
                    status: .unauthorized,
                    headers: [.wwwAuthenticate: "Bearer", .contentType: "text/plain; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: "/metrics requires a bearer token (--metrics-auth token)\n"))
                )
            }
            let body = await metrics.render()
            return Response(
                status: .ok,
                headers: [.contentType: Self.contentType, .contentLength: "\(body.count)"],
                body: .init(byteBuffer: ByteBuffer(bytes: body))
            )
        }
    }
}
