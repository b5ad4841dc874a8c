import Foundation
import GatewayCore

extension LegacyAPIConfiguration {
    /// The legacy API's settings as given on the command line, before parsing; `nil` when not given.
    public struct Settings: Sendable, Equatable {
        /// `--auth`: `none`, `tokens` or `oidc`.
        public var auth: String?
        /// The `--oidc-…` flags.
        public var oidc: OIDCConfiguration.Settings = OIDCConfiguration.Settings()
        /// `--tokens-file`.
        public var tokensFile: String?
        /// `--projects-file`.
        public var projectsFile: String?
        /// `--namespace-pattern`.
        public var namespacePattern: String?
        /// `--cluster-api-version`.
        public var clusterAPIVersion: String?
        /// `--deprecation-date`.
        public var deprecationDate: String?
        /// `--sunset-date`.
        public var sunsetDate: String?
        /// `--deprecation-docs-url`.
        public var deprecationDocsURL: String?
        /// `--cluster-base-url`.
        public var clusterBaseURL: String?
        /// `--max-body-size`.
        public var maxBodySize: String?
        /// `--templates-file`.
        public var templatesFile: String?

        /// Creates settings; every one defaults to not given.
        public init(
            auth: String? = nil,
            tokensFile: String? = nil,
            projectsFile: String? = nil,
            namespacePattern: String? = nil,
            clusterAPIVersion: String? = nil,
            deprecationDate: String? = nil,
            sunsetDate: String? = nil,
            deprecationDocsURL: String? = nil,
            clusterBaseURL: String? = nil,
            maxBodySize: String? = nil,
            templatesFile: String? = nil
        ) {
            self.auth = auth
            self.tokensFile = tokensFile
            self.projectsFile = projectsFile
            self.namespacePattern = namespacePattern
            self.clusterAPIVersion = clusterAPIVersion
            self.deprecationDate = deprecationDate
            self.sunsetDate = sunsetDate
            self.deprecationDocsURL = deprecationDocsURL
            self.clusterBaseURL = clusterBaseURL
            self.maxBodySize = maxBodySize
            self.templatesFile = templatesFile
        }
    }

    /// Builds the configuration from command-line `settings`, falling back to `environment`
    /// (``GatewayEnvironment``) for each one not given, then to the defaults.
    ///
    /// `--tokens-file` alone implies `--auth tokens`; `--oidc-…` flags imply `--auth oidc`.
    /// - Throws: ``GatewayConfigurationError`` naming the flag or variable and the rule.
    public static func resolve(_ settings: Settings, environment: [String: String]) throws -> LegacyAPIConfiguration {
        func value(_ flag: String?, _ variable: String) -> String? {
            let chosen = flag ?? environment[variable]
            return chosen?.isEmpty == true ? nil : chosen
        }
        var configuration = LegacyAPIConfiguration()
        let tokensFile = value(settings.tokensFile, GatewayEnvironment.tokensFile)
        let oidc = try OIDCConfiguration.resolve(settings.oidc, environment: environment)
        let auth = value(settings.auth, GatewayEnvironment.auth)?.lowercased()
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
                    "--auth none and a tokens file (--tokens-file, \(GatewayEnvironment.tokensFile)) contradict each other")
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
                    "--auth oidc needs --oidc-issuer, --oidc-audience and --oidc-jwks-url or --oidc-jwks-file (or GATEWAY_OIDC_…)")
            }
            configuration.authentication = .oidc(oidc, tokensFile: tokensFile)
        case let other?:
            throw GatewayConfigurationError("--auth (\(GatewayEnvironment.auth)) must be none, tokens or oidc, not \(other)")
        }
        configuration.projectsFile = value(settings.projectsFile, GatewayEnvironment.projectsFile)
        configuration.templatesFile = value(settings.templatesFile, GatewayEnvironment.templatesFile)
        if let pattern = value(settings.namespacePattern, GatewayEnvironment.namespacePattern) {
            configuration.translation.namespacePattern = pattern
        }
        if let version = value(settings.clusterAPIVersion, GatewayEnvironment.clusterAPIVersion) {
            guard let parsed = TranslationOptions.APIVersion(name: version) else {
                throw GatewayConfigurationError(
                    "--cluster-api-version (\(GatewayEnvironment.clusterAPIVersion)) must be v2alpha1 or v1alpha1, not \(version)"
                )
            }
            configuration.translation.apiVersion = parsed
        }
        if let date = value(settings.deprecationDate, GatewayEnvironment.deprecationDate) {
            configuration.deprecation.date = try ConfigurationValueParser.date(date, setting: "--deprecation-date")
        }
        if let date = value(settings.sunsetDate, GatewayEnvironment.sunsetDate) {
            configuration.deprecation.sunset = try ConfigurationValueParser.date(date, setting: "--sunset-date")
        }
        if let url = value(settings.deprecationDocsURL, GatewayEnvironment.deprecationDocsURL) {
            configuration.deprecation.documentationURL = url
        }
        configuration.deprecation.clusterBaseURL = value(settings.clusterBaseURL, GatewayEnvironment.clusterBaseURL)
        if let size = value(settings.maxBodySize, GatewayEnvironment.maxBodySize) {
            configuration.maximumBodySize = try ConfigurationValueParser.byteCount(size, setting: "--max-body-size")
        }
        try configuration.validate()
        return configuration
    }
}
