import ArgumentParser
import GatewayHTTP

/// The `serve` flags that bound slow and unfinished requests, as nginx's `client_header_timeout`,
/// `client_body_timeout`, `keepalive_timeout` and `worker_connections` do.
struct ConnectionOptions: ParsableArguments, SettingFlags {
    @Option(name: .setting(.clientHeaderTimeout), help: .setting(.clientHeaderTimeout))
    var clientHeaderTimeout: String?

    @Option(name: .setting(.clientBodyTimeout), help: .setting(.clientBodyTimeout))
    var clientBodyTimeout: String?

    @Option(name: .setting(.keepAliveTimeout), help: .setting(.keepAliveTimeout))
    var keepAliveTimeout: String?

    @Option(name: .setting(.maxConnections), help: .setting(.maxConnections))
    var maxConnections: String?

    @Option(name: .setting(.maxBufferedBodyBytes), help: .setting(.maxBufferedBodyBytes))
    var maxBufferedBodyBytes: String?

    var flags: [GatewaySetting: String] {
        given([
            .clientHeaderTimeout: clientHeaderTimeout, .clientBodyTimeout: clientBodyTimeout, .keepAliveTimeout: keepAliveTimeout,
            .maxConnections: maxConnections, .maxBufferedBodyBytes: maxBufferedBodyBytes,
        ])
    }
}
