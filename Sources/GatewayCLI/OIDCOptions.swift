import ArgumentParser
import GatewayHTTP

/// The `serve` flags of `--auth oidc`: the issuer, audience and keys of the id-tokens Run:ai's
/// legacy clients send, and the claims naming the user and the projects.
struct OIDCOptions: ParsableArguments {
    @Option(
        name: .customLong("oidc-issuer"),
        help: "The iss of accepted id-tokens, e.g. https://<host>/auth/realms/runai. Env: \(GatewayEnvironment.oidcIssuer)")
    var issuer: String?

    @Option(
        name: .customLong("oidc-audience"),
        help: "The aud id-tokens must name (Run:ai: the client id, e.g. runai); comma-separated for several. Env: \(GatewayEnvironment.oidcAudience)")
    var audience: String?

    @Option(
        name: .customLong("oidc-jwks-url"),
        help: "The issuer's JWKS (Keycloak: <issuer>/protocol/openid-connect/certs); https or loopback http. Env: \(GatewayEnvironment.oidcJWKSURL)")
    var jwksURL: String?

    @Option(
        name: .customLong("oidc-jwks-file"),
        help: "A file holding the issuer's JWKS, instead of --oidc-jwks-url. Env: \(GatewayEnvironment.oidcJWKSFile)")
    var jwksFile: String?

    @Option(
        name: .customLong("oidc-user-claim"),
        help: "The claim naming the user: email, preferred_username, sub, … Env: \(GatewayEnvironment.oidcUserClaim). Default: email")
    var userClaim: String?

    @Option(
        name: .customLong("oidc-projects-claim"),
        help: "The claim listing projects (or groups, with --oidc-projects-file). Env: \(GatewayEnvironment.oidcProjectsClaim). Default: projects")
    var projectsClaim: String?

    @Option(
        name: .customLong("oidc-projects-file"),
        help: "YAML or JSON file mapping values of the projects claim (groups) to projects. Env: \(GatewayEnvironment.oidcProjectsFile)")
    var projectsFile: String?

    @Option(
        name: .customLong("oidc-clock-skew"),
        help: "Seconds exp, nbf and iat may be off this clock (0 to 600). Env: \(GatewayEnvironment.oidcClockSkew). Default: 60")
    var clockSkew: String?

    /// The flags as given, for ``OIDCConfiguration/resolve(_:environment:)``.
    var settings: OIDCConfiguration.Settings {
        OIDCConfiguration.Settings(
            issuer: issuer,
            audience: audience,
            jwksURL: jwksURL,
            jwksFile: jwksFile,
            userClaim: userClaim,
            projectsClaim: projectsClaim,
            projectsFile: projectsFile,
            clockSkew: clockSkew
        )
    }
}
