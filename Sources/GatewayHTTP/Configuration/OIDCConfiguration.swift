import Foundation

/// How the gateway verifies the OIDC id-tokens that Run:ai's legacy clients send as
/// `Authorization: Bearer` (`--auth oidc`).
///
/// `runai-cli` sends the id-token of the kubeconfig's `oidc` auth provider: a short-lived JWT
/// from the Run:ai identity provider (a Keycloak realm, issuer `https://<host>/auth/realms/<realm>`).
/// The gateway checks its signature against the issuer's JSON Web Key Set, then `iss`, `aud`,
/// `exp` and `nbf`, and takes the user and the projects from claims.
public struct OIDCConfiguration: Sendable, Equatable {
    /// Where the issuer's signing keys come from.
    public enum KeySource: Sendable, Equatable {
        /// A JWKS URL (Keycloak: `<issuer>/protocol/openid-connect/certs`), cached and fetched
        /// again when a token names a key it does not hold.
        case url(String)
        /// A JWKS file, read again when a token names a key it does not hold.
        case file(String)
    }

    /// The exact `iss` tokens must carry.
    public var issuer: String
    /// The audiences accepted; a token's `aud` must name at least one (Run:ai: the client id, `runai`).
    public var audiences: [String]
    /// Where the signing keys come from.
    public var keys: KeySource
    /// The claim naming the user (`email` unless told otherwise).
    public var userClaim: String
    /// The claim listing the caller's projects, or its groups when ``projectsFile`` maps them
    /// (`projects` unless told otherwise). A dotted name (`resource_access.runai.roles`) follows nested objects.
    public var projectsClaim: String
    /// A YAML or JSON file mapping values of ``projectsClaim`` (groups) to projects.
    public var projectsFile: String?
    /// How far `exp`, `nbf` and `iat` may be off the gateway's clock.
    public var clockSkew: Duration
    /// The shortest time between two fetches of the keys, so a flood of tokens naming unknown
    /// keys cannot hammer the identity provider.
    public var minimumRefetchInterval: Duration
    /// How long fetched keys are used before they are fetched again on the next token.
    public var keysLifetime: Duration
    /// How long one fetch of a JWKS URL may take.
    public var fetchTimeout: Duration

    /// Creates OIDC settings.
    public init(
        issuer: String,
        audiences: [String],
        keys: KeySource,
        userClaim: String = OIDCConfiguration.defaultUserClaim,
        projectsClaim: String = OIDCConfiguration.defaultProjectsClaim,
        projectsFile: String? = nil,
        clockSkew: Duration = .seconds(60),
        minimumRefetchInterval: Duration = .seconds(10),
        keysLifetime: Duration = .seconds(15 * 60),
        fetchTimeout: Duration = .seconds(5)
    ) {
        self.issuer = issuer
        self.audiences = audiences
        self.keys = keys
        self.userClaim = userClaim
        self.projectsClaim = projectsClaim
        self.projectsFile = projectsFile
        self.clockSkew = clockSkew
        self.minimumRefetchInterval = minimumRefetchInterval
        self.keysLifetime = keysLifetime
        self.fetchTimeout = fetchTimeout
    }

    /// `email`: Run:ai names its users by their e-mail address, and a Keycloak id-token carries it
    /// (the default `email` client scope). `preferred_username` is the same address only when the
    /// realm's usernames are addresses; `sub` is an opaque id.
    public static let defaultUserClaim = "email"
    /// `projects`: a claim listing project names.
    public static let defaultProjectsClaim = "projects"
    /// The longest clock skew accepted: 10 minutes.
    public static let maximumClockSkew = Duration.seconds(600)

    /// Checks the settings make sense.
    /// - Throws: ``GatewayConfigurationError`` naming the flag at fault and the rule.
    public func validate() throws {
        guard !issuer.isEmpty, !issuer.contains(where: \.isWhitespace) else {
            throw GatewayConfigurationError(
                "--oidc-issuer must be the issuer's identifier (e.g. https://<host>/auth/realms/runai), not \"\(issuer)\""
            )
        }
        guard !audiences.isEmpty, audiences.allSatisfy({ !$0.isEmpty && !$0.contains(where: \.isWhitespace) }) else {
            throw GatewayConfigurationError("--oidc-audience must name the audience tokens are issued for (Run:ai: the client id, e.g. runai)")
        }
        switch keys {
        case .url(let text):
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
                throw GatewayConfigurationError("--oidc-jwks-url must be an absolute https URL")
            }
            guard scheme == "https" || (scheme == "http" && Self.isLoopback(host)) else {
                throw GatewayConfigurationError(
                    "--oidc-jwks-url must use https (plain http only for a loopback host, whose keys cannot be tampered with on the way), not \(URLJWKSSource.shown(url))"
                )
            }
        case .file(let path):
            guard !path.isEmpty else { throw GatewayConfigurationError("--oidc-jwks-file must name a file") }
        }
        for (flag, claim) in [("--oidc-user-claim", userClaim), ("--oidc-projects-claim", projectsClaim)] {
            guard !claim.isEmpty, !claim.contains(where: \.isWhitespace) else {
                throw GatewayConfigurationError(
                    "\(flag) must name a claim (e.g. email, preferred_username, sub, projects, groups), not \"\(claim)\""
                )
            }
        }
        guard clockSkew >= .zero, clockSkew <= Self.maximumClockSkew else {
            throw GatewayConfigurationError("--oidc-clock-skew must be between 0 and 600 seconds, not \(clockSkew)")
        }
    }

    /// Whether `host` is a loopback address or `localhost`.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }
}
