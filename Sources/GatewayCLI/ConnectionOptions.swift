import ArgumentParser
import GatewayHTTP

/// The `serve` flags that bound slow and unfinished requests, as nginx's `client_header_timeout`,
/// `client_body_timeout`, `keepalive_timeout` and `worker_connections` do.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .customLong("client-header-timeout"),
        help: "Seconds a client may take to send a request head; then 408 and close. Env: \(GatewayEnvironment.clientHeaderTimeout). Default: 60"
    )
    var clientHeaderTimeout: String?

    @Option(
        name: .customLong("client-body-timeout"),
        help:
            "Seconds a client may pause between two reads of a request body; then 408 and close. Env: \(GatewayEnvironment.clientBodyTimeout). Default: 60"
    )
    var clientBodyTimeout: String?

    @Option(
        name: .customLong("keepalive-timeout"),
        help: "Seconds an idle keep-alive connection stays open. Env: \(GatewayEnvironment.keepAliveTimeout). Default: 75"
    )
    var keepAliveTimeout: String?

    @Option(
        name: .customLong("max-connections"),
        help: "Open connections at once (watches count); more get a 503 and are closed. Env: \(GatewayEnvironment.maxConnections). Default: 1024"
    )
    var maxConnections: String?

    @Option(
        name: .customLong("max-buffered-body-bytes"),
        help:
            "Bytes of request bodies held in memory at once; beyond it 503 with Retry-After. Env: \(GatewayEnvironment.maxBufferedBodyBytes). Default: 64MiB"
    )
    var maxBufferedBodyBytes: String?

    /// The flags as given, for ``GatewayConfiguration/HTTP/resolveBounds(_:environment:largestBody:)``.
    var settings: GatewayConfiguration.HTTP.BoundSettings {
        GatewayConfiguration.HTTP.BoundSettings(
            clientHeaderTimeout: clientHeaderTimeout,
            clientBodyTimeout: clientBodyTimeout,
            keepAliveTimeout: keepAliveTimeout,
            maxConnections: maxConnections,
            maxBufferedBodyBytes: maxBufferedBodyBytes
        )
    }
}
