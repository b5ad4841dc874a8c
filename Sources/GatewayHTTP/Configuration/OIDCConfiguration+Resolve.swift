import Foundation

extension OIDCConfiguration {
    /// The OIDC settings of `values`; `nil` when none is given at all.
    /// - Throws: ``GatewayConfigurationError`` naming the flag or variable and the rule.
    public static func resolve(_ values: GatewaySettingValues) throws -> OIDCConfiguration? {
        func value(_ setting: GatewaySetting) -> String? {
            let chosen = values.given(setting)?.trimmingCharacters(in: .whitespaces)
            return chosen?.isEmpty == true ? nil : chosen
        }
        let issuer = value(.oidcIssuer)
        let audience = value(.oidcAudience)
        let jwksURL = value(.oidcJWKSURL)
        let jwksFile = value(.oidcJWKSFile)
        let userClaim = value(.oidcUserClaim)
        let projectsClaim = value(.oidcProjectsClaim)
        let projectsFile = value(.oidcProjectsFile)
        let clockSkew = value(.oidcClockSkew)
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
            configuration.clockSkew = try GatewaySetting.oidcClockSkew.duration(clockSkew)
        }
        try configuration.validate()
        return configuration
    }
}
