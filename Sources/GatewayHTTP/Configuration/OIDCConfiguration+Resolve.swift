import Foundation

extension GatewayEnvironment {
    /// `--oidc-issuer`.
    public static let oidcIssuer = "GATEWAY_OIDC_ISSUER"
    /// `--oidc-audience`.
    public static let oidcAudience = "GATEWAY_OIDC_AUDIENCE"
    /// `--oidc-jwks-url`.
    public static let oidcJWKSURL = "GATEWAY_OIDC_JWKS_URL"
    /// `--oidc-jwks-file`.
    public static let oidcJWKSFile = "GATEWAY_OIDC_JWKS_FILE"
    /// `--oidc-user-claim`.
    public static let oidcUserClaim = "GATEWAY_OIDC_USER_CLAIM"
    /// `--oidc-projects-claim`.
    public static let oidcProjectsClaim = "GATEWAY_OIDC_PROJECTS_CLAIM"
    /// `--oidc-projects-file`.
    public static let oidcProjectsFile = "GATEWAY_OIDC_PROJECTS_FILE"
    /// `--oidc-clock-skew`.
    public static let oidcClockSkew = "GATEWAY_OIDC_CLOCK_SKEW"
}

extension OIDCConfiguration {
    /// The `--oidc-…` flags as given, before parsing; `nil` when not given.
    public struct Settings: Sendable, Equatable {
        /// `--oidc-issuer`.
        public var issuer: String?
        /// `--oidc-audience` (comma-separated for several).
        public var audience: String?
        /// `--oidc-jwks-url`.
        public var jwksURL: String?
        /// `--oidc-jwks-file`.
        public var jwksFile: String?
        /// `--oidc-user-claim`.
        public var userClaim: String?
        /// `--oidc-projects-claim`.
        public var projectsClaim: String?
        /// `--oidc-projects-file`.
        public var projectsFile: String?
        /// `--oidc-clock-skew`.
        public var clockSkew: String?

        /// Creates settings; every one defaults to not given.
        public init(
            issuer: String? = nil,
            audience: String? = nil,
            jwksURL: String? = nil,
            jwksFile: String? = nil,
            userClaim: String? = nil,
            projectsClaim: String? = nil,
            projectsFile: String? = nil,
            clockSkew: String? = nil
        ) {
            self.issuer = issuer
            self.audience = audience
            self.jwksURL = jwksURL
            self.jwksFile = jwksFile
            self.userClaim = userClaim
            self.projectsClaim = projectsClaim
            self.projectsFile = projectsFile
            self.clockSkew = clockSkew
        }
    }

    /// The OIDC settings of `settings`, falling back to `environment` for each one not given;
    /// `nil` when none is given at all.
    /// - Throws: ``GatewayConfigurationError`` naming the flag or variable and the rule.
    public static func resolve(_ settings: Settings, environment: [String: String]) throws -> OIDCConfiguration? {
        func value(_ flag: String?, _ variable: String) -> String? {
            let chosen = (flag ?? environment[variable])?.trimmingCharacters(in: .whitespaces)
            return chosen?.isEmpty == true ? nil : chosen
        }
        let issuer = value(settings.issuer, GatewayEnvironment.oidcIssuer)
        let audience = value(settings.audience, GatewayEnvironment.oidcAudience)
        let jwksURL = value(settings.jwksURL, GatewayEnvironment.oidcJWKSURL)
        let jwksFile = value(settings.jwksFile, GatewayEnvironment.oidcJWKSFile)
        let userClaim = value(settings.userClaim, GatewayEnvironment.oidcUserClaim)
        let projectsClaim = value(settings.projectsClaim, GatewayEnvironment.oidcProjectsClaim)
        let projectsFile = value(settings.projectsFile, GatewayEnvironment.oidcProjectsFile)
        let clockSkew = value(settings.clockSkew, GatewayEnvironment.oidcClockSkew)
        let given = [issuer, audience, jwksURL, jwksFile, userClaim, projectsClaim, projectsFile, clockSkew].contains { $0 != nil }
        guard given else { return nil }
        guard let issuer else {
            throw GatewayConfigurationError("OIDC needs --oidc-issuer (\(GatewayEnvironment.oidcIssuer)): the iss of the tokens to accept")
        }
        guard let audience else {
            throw GatewayConfigurationError(
                "OIDC needs --oidc-audience (\(GatewayEnvironment.oidcAudience)): the aud of the tokens to accept (Run:ai: the client id, e.g. runai)"
            )
        }
        let keys: KeySource
        switch (jwksURL, jwksFile) {
        case (let url?, nil): keys = .url(url)
        case (nil, let file?): keys = .file(file)
        case (nil, nil):
            throw GatewayConfigurationError(
                "OIDC needs the issuer's keys: --oidc-jwks-url (\(GatewayEnvironment.oidcJWKSURL), Keycloak: "
                    + "<issuer>/protocol/openid-connect/certs) or --oidc-jwks-file (\(GatewayEnvironment.oidcJWKSFile))"
            )
        case (_?, _?):
            throw GatewayConfigurationError("--oidc-jwks-url and --oidc-jwks-file exclude each other; give one")
        }
        var configuration = OIDCConfiguration(
            issuer: issuer,
            audiences: audience.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
            keys: keys,
            projectsFile: projectsFile
        )
        if let userClaim { configuration.userClaim = userClaim }
        if let projectsClaim { configuration.projectsClaim = projectsClaim }
        if let clockSkew {
            configuration.clockSkew = try parseSeconds(clockSkew, setting: "--oidc-clock-skew (\(GatewayEnvironment.oidcClockSkew))")
        }
        try configuration.validate()
        return configuration
    }

    /// Parses a whole number of seconds, optionally followed by `s`.
    static func parseSeconds(_ text: String, setting: String) throws -> Duration {
        let digits = text.hasSuffix("s") ? String(text.dropLast()) : text
        guard let seconds = Int(digits), seconds >= 0, seconds <= 600 else {
            throw GatewayConfigurationError("\(setting) must be a whole number of seconds from 0 to 600 (e.g. 60 or 60s), not \(text)")
        }
        return .seconds(seconds)
    }
}
