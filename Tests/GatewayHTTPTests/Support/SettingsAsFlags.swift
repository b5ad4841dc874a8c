@testable import GatewayHTTP

// Settings as the tests give them, one field a flag, resolved as the command line gives them:
// the fields become flags of `GatewaySettingValues` over `environment`.

extension LegacyAPIConfiguration {
    /// The legacy API's flags by field; `nil` when not given.
    struct Settings: Sendable, Equatable {
        var auth: String?
        var tokensFile: String?
        var projectsFile: String?
        var namespacePattern: String?
        var clusterAPIVersion: String?
        var deprecationDate: String?
        var sunsetDate: String?
        var deprecationDocsURL: String?
        var clusterBaseURL: String?
        var maxBodySize: String?
        var templatesFile: String?
        var oidc = OIDCConfiguration.Settings()

        var flags: [GatewaySetting: String] {
            let byField: [GatewaySetting: String?] = [
                .auth: auth, .tokensFile: tokensFile, .projectsFile: projectsFile, .namespacePattern: namespacePattern,
                .clusterAPIVersion: clusterAPIVersion, .deprecationDate: deprecationDate, .sunsetDate: sunsetDate,
                .deprecationDocsURL: deprecationDocsURL, .clusterBaseURL: clusterBaseURL, .maxBodySize: maxBodySize,
                .templatesFile: templatesFile,
            ]
            return byField.compactMapValues { $0 }.merging(oidc.flags) { flag, _ in flag }
        }
    }

    static func resolve(_ settings: Settings, environment: [String: String]) throws -> LegacyAPIConfiguration {
        try resolve(GatewaySettingValues(flags: settings.flags, environment: environment))
    }
}

extension OIDCConfiguration {
    /// The `--oidc-…` flags by field; `nil` when not given.
    struct Settings: Sendable, Equatable {
        var issuer: String?
        var audience: String?
        var jwksURL: String?
        var jwksFile: String?
        var userClaim: String?
        var projectsClaim: String?
        var projectsFile: String?
        var clockSkew: String?

        var flags: [GatewaySetting: String] {
            let byField: [GatewaySetting: String?] = [
                .oidcIssuer: issuer, .oidcAudience: audience, .oidcJWKSURL: jwksURL, .oidcJWKSFile: jwksFile,
                .oidcUserClaim: userClaim, .oidcProjectsClaim: projectsClaim, .oidcProjectsFile: projectsFile, .oidcClockSkew: clockSkew,
            ]
            return byField.compactMapValues { $0 }
        }
    }
}

extension ClusterConfiguration {
    /// The Kubernetes flags by field; `nil` when not given.
    struct Settings: Sendable, Equatable {
        var mode: String?
        var controllerDelay: String?
        var controllerFailureShare: String?
        var eventHistory: String?
    }

    static func resolve(_ settings: Settings, environment: [String: String]) throws -> ClusterConfiguration {
        let byField: [GatewaySetting: String?] = [
            .cluster: settings.mode, .controllerDelay: settings.controllerDelay,
            .controllerFailureShare: settings.controllerFailureShare, .clusterEventHistory: settings.eventHistory,
        ]
        return try resolve(GatewaySettingValues(flags: byField.compactMapValues { $0 }, environment: environment))
    }
}

extension GatewayConfiguration.HTTP {
    /// The connection-bound flags by field; `nil` when not given.
    struct BoundSettings: Sendable, Equatable {
        var clientHeaderTimeout: String?
        var clientBodyTimeout: String?
        var keepAliveTimeout: String?
        var maxConnections: String?
        var maxBufferedBodyBytes: String?
    }

    mutating func resolveBounds(_ settings: BoundSettings, environment: [String: String], largestBody: Int) throws {
        let byField: [GatewaySetting: String?] = [
            .clientHeaderTimeout: settings.clientHeaderTimeout, .clientBodyTimeout: settings.clientBodyTimeout,
            .keepAliveTimeout: settings.keepAliveTimeout, .maxConnections: settings.maxConnections,
            .maxBufferedBodyBytes: settings.maxBufferedBodyBytes,
        ]
        try resolveBounds(GatewaySettingValues(flags: byField.compactMapValues { $0 }, environment: environment), largestBody: largestBody)
    }
}
