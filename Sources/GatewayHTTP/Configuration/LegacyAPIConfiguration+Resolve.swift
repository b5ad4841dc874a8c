import Foundation
import GatewayCore

extension LegacyAPIConfiguration {
    /// Builds the legacy API's configuration from `values`.
    ///
    /// `--tokens-file` alone implies `--auth tokens`; `--oidc-…` flags imply `--auth oidc`.
    /// - Throws: ``GatewayConfigurationError`` naming the flag or variable and the rule.
    public static func resolve(_ values: GatewaySettingValues) throws -> LegacyAPIConfiguration {
        func value(_ setting: GatewaySetting) -> String? {
            let chosen = values.given(setting)
            return chosen?.isEmpty == true ? nil : chosen
        }
        var configuration = LegacyAPIConfiguration()
        let tokensFile = value(.tokensFile)
        let oidc = try OIDCConfiguration.resolve(values)
        let auth = value(.auth)?.lowercased()
        if oidc != nil, auth == "none" || auth == "tokens" {
            throw GatewayConfigurationError("--oidc-… flags (GATEWAY_OIDC_…) need --auth oidc, not --auth \(auth ?? "")")
        }
        switch auth {
        case nil:
            if let oidc {
                configuration.authentication = .oidc(oidc, tokensFile: tokensFile)
            } else {
                configuration.authentication = tokensFile.map { .tokens(file: $0) } ?? .none
            }
        case "none":
            if tokensFile != nil {
                throw GatewayConfigurationError(
                    "--auth none and a tokens file (--tokens-file, \(GatewayEnvironment.tokensFile)) contradict each other"
                )
            }
            configuration.authentication = .none
        case "tokens":
            guard let tokensFile else {
                throw GatewayConfigurationError("--auth tokens needs --tokens-file (or \(GatewayEnvironment.tokensFile))")
            }
            configuration.authentication = .tokens(file: tokensFile)
        case "oidc":
            guard let oidc else {
                throw GatewayConfigurationError(
                    "--auth oidc needs --oidc-issuer, --oidc-audience and --oidc-jwks-url or --oidc-jwks-file (or GATEWAY_OIDC_…)"
                )
            }
            configuration.authentication = .oidc(oidc, tokensFile: tokensFile)
        case let other?:
            throw GatewayConfigurationError("--auth (\(GatewayEnvironment.auth)) must be none, tokens or oidc, not \(other)")
        }
        configuration.projectsFile = value(.projectsFile)
        configuration.templatesFile = value(.templatesFile)
        configuration.brownoutsFile = value(.brownoutsFile)
        if let pattern = value(.namespacePattern) {
            configuration.translation.namespacePattern = pattern
        }
        if let version = value(.clusterAPIVersion) {
            guard let parsed = TranslationOptions.APIVersion(name: version) else {
                throw GatewayConfigurationError(
                    "--cluster-api-version (\(GatewayEnvironment.clusterAPIVersion)) must be v2alpha1 or v1alpha1, not \(version)"
                )
            }
            configuration.translation.apiVersion = parsed
        }
        if let date = try values.date(.deprecationDate) { configuration.deprecation.date = date }
        if let date = value(.sunsetDate) { configuration.deprecation.sunset = try GatewaySetting.sunsetDate.date(date) }
        if let url = value(.deprecationDocsURL) { configuration.deprecation.documentationURL = url }
        configuration.deprecation.clusterBaseURL = value(.clusterBaseURL)
        if let size = try values.byteCount(.maxBodySize) { configuration.maximumBodySize = size }
        try configuration.validate()
        return configuration
    }
}
