import Testing

@testable import GatewayHTTP

/// `--client-header-timeout`, `--client-body-timeout`, `--keepalive-timeout`, `--max-connections`
/// and `--max-buffered-body-bytes`: defaults, environment fallbacks and the rules.
@Suite struct HTTPBoundsConfigurationTests {
    @Test func defaultsAreNginxLikeAndFlagsWinOverTheEnvironment() throws {
        var http = GatewayConfiguration.HTTP()
        try http.resolveBounds(.init(), environment: [:], largestBody: 1 << 20)
        #expect(http.clientHeaderTimeout == .seconds(60))
        #expect(http.clientBodyTimeout == .seconds(60))
        #expect(http.keepAliveTimeout == .seconds(75))
        #expect(http.maxConnections == 1024)
        #expect(http.maxBufferedBodyBytes == 64 << 20)

        let environment = [
            GatewayEnvironment.clientHeaderTimeout: "1.5", GatewayEnvironment.maxConnections: "10",
            GatewayEnvironment.maxBufferedBodyBytes: "8MiB",
        ]
        try http.resolveBounds(.init(clientHeaderTimeout: "2", keepAliveTimeout: "0.5"), environment: environment, largestBody: 1 << 20)
        #expect(http.clientHeaderTimeout == .seconds(2), "the flag wins")
        #expect(http.keepAliveTimeout == .milliseconds(500))
        #expect(http.maxConnections == 10)
        #expect(http.maxBufferedBodyBytes == 8 << 20)
    }

    @Test(arguments: [
        (GatewayConfiguration.HTTP.BoundSettings(clientHeaderTimeout: "0"), "--client-header-timeout must be a number of seconds from 0.1 to 3600"),
        (GatewayConfiguration.HTTP.BoundSettings(clientBodyTimeout: "soon"), "--client-body-timeout must be a number of seconds"),
        (GatewayConfiguration.HTTP.BoundSettings(keepAliveTimeout: "4000"), "--keepalive-timeout must be a number of seconds"),
        (GatewayConfiguration.HTTP.BoundSettings(maxConnections: "0"), "--max-connections must be a whole number from 1"),
        (GatewayConfiguration.HTTP.BoundSettings(maxBufferedBodyBytes: "-1"), "--max-buffered-body-bytes must be a positive number"),
        (GatewayConfiguration.HTTP.BoundSettings(maxBufferedBodyBytes: "512KiB"), "must be at least --max-body-size"),
    ])
    func invalidBoundsAreRefusedNamingTheFlag(settings: GatewayConfiguration.HTTP.BoundSettings, expected: String) {
        var http = GatewayConfiguration.HTTP()
        #expect {
            try http.resolveBounds(settings, environment: [:], largestBody: 1 << 20)
        } throws: { error in
            (error as? GatewayConfigurationError)?.message.contains(expected) == true
        }
    }
}
