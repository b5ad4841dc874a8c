import ArgumentParser
import GatewayHTTP

/// The `serve` flags of `--auth oidc`: the issuer, audience and keys of the id-tokens Run:ai's
/// legacy clients send, and the claims naming the user and the projects.
struct OIDCOptions: ParsableArguments, SettingFlags {
    @Option(name: .setting(.oidcIssuer), help: .setting(.oidcIssuer))
    var issuer: String?

    @Option(name: .setting(.oidcAudience), help: .setting(.oidcAudience))
    var audience: String?

    @Option(name: .setting(.oidcJWKSURL), help: .setting(.oidcJWKSURL))
    var jwksURL: String?

    @Option(name: .setting(.oidcJWKSFile), help: .setting(.oidcJWKSFile))
    var jwksFile: String?

    @Option(name: .setting(.oidcUserClaim), help: .setting(.oidcUserClaim))
    var userClaim: String?

    @Option(name: .setting(.oidcProjectsClaim), help: .setting(.oidcProjectsClaim))
    var projectsClaim: String?

    @Option(name: .setting(.oidcProjectsFile), help: .setting(.oidcProjectsFile))
    var projectsFile: String?

    @Option(name: .setting(.oidcClockSkew), help: .setting(.oidcClockSkew))
    var clockSkew: String?

    var flags: [GatewaySetting: String] {
        given([
            .oidcIssuer: issuer, .oidcAudience: audience, .oidcJWKSURL: jwksURL, .oidcJWKSFile: jwksFile, .oidcUserClaim: userClaim,
            .oidcProjectsClaim: projectsClaim, .oidcProjectsFile: projectsFile, .oidcClockSkew: clockSkew,
        ])
    }
}
