import Foundation
import JWTKit
import KubernetesClient
import Logging

/// Turns an OIDC id-token into a ``Principal``: checks the header's algorithm, finds the key
/// it names, verifies the signature with jwt-kit, then checks the claims with ``OIDCClaimRules``.
///
/// Tokens are never logged, and no rejection reason contains one.
struct OIDCVerifier: Sendable {
    /// The keys of the issuer.
    let keys: OIDCKeySet
    /// The claim checks.
    let rules: OIDCClaimRules
    /// The projects file's groups, re-read when the file changes or on SIGHUP; `nil` without one.
    let groupProjects: ReloadingFile<[String: Principal.Scope]>?

    /// The largest token accepted: 16 KiB (a Keycloak id-token with many groups is a few KiB).
    static let maximumTokenSize = 16 << 10

    /// A verifier for `configuration`; reads the projects file, if any (and again when it changes).
    ///
    /// - Parameters:
    ///   - now: the clock of the key set's lifetime and rate limit (a test clock in tests).
    /// - Throws: ``GatewayConfigurationError`` for invalid settings or an invalid projects file.
    init(
        configuration: OIDCConfiguration,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        logger: Logger
    ) throws {
        try configuration.validate()
        let source: any JWKSSource
        switch configuration.keys {
        case .url(let text):
            guard let url = URL(string: text) else { throw GatewayConfigurationError("--oidc-jwks-url is not a URL: \(text)") }
            source = URLJWKSSource(url: url, timeout: configuration.fetchTimeout)
        case .file(let path):
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw GatewayConfigurationError("cannot read the JWKS file \(path) (--oidc-jwks-file)")
            }
            source = FileJWKSSource(path: path)
        }
        keys = OIDCKeySet(
            source: source,
            minimumRefetchInterval: configuration.minimumRefetchInterval,
            lifetime: configuration.keysLifetime,
            now: now,
            logger: logger
        )
        rules = OIDCClaimRules(
            issuer: configuration.issuer,
            audiences: Set(configuration.audiences),
            userClaim: configuration.userClaim,
            projectsClaim: configuration.projectsClaim,
            clockSkew: configuration.clockSkew.seconds,
            groupProjects: nil
        )
        groupProjects = try configuration.projectsFile.map { path in
            try ReloadingFile(
                path: path,
                load: { try OIDCProjectsFile.load(path: $0) },
                reloaded: { groups in
                    logger.info(
                        "reloaded the OIDC projects file",
                        metadata: ["gateway.oidc.projects_file": "\(path)", "gateway.oidc.groups": "\(groups.count)"]
                    )
                },
                failed: { error in
                    logger.error(
                        "the OIDC projects file changed and is not valid; the previous groups stay in force",
                        metadata: ["gateway.oidc.projects_file": "\(path)", "gateway.error": "\(error)"]
                    )
                }
            )
        }
    }

    /// Whether `token` has the shape of a signed JWT (three base64url parts).
    static func looksLikeJWT(_ token: String) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && !parts[0].isEmpty && !parts[1].isEmpty
    }

    /// The caller a token names.
    /// - Parameters:
    ///   - token: the bearer token.
    ///   - now: the time its `exp`, `nbf` and `iat` are checked against.
    /// - Throws: ``OIDCRejection`` naming the rule the token broke.
    func principal(token: String, now: Date = Date()) async throws(OIDCRejection) -> Principal {
        guard token.utf8.count <= Self.maximumTokenSize else {
            throw OIDCRejection("the token is larger than \(Self.maximumTokenSize) bytes")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw OIDCRejection(
                parts.count == 5 ? "encrypted tokens (JWE) are not accepted; send the id-token" : "the token is not a JWT (header.payload.signature)"
            )
        }
        let header = try Self.header(parts[0])
        guard let algorithm = header["alg"] as? String else {
            throw OIDCRejection("the token's header has no alg")
        }
        guard OIDCAlgorithm.accepted[algorithm] != nil else {
            if algorithm.lowercased() == "none" {
                throw OIDCRejection("unsigned tokens (alg none) are not accepted")
            }
            if algorithm.uppercased().hasPrefix("HS") {
                throw OIDCRejection(
                    "tokens signed with a shared secret (alg \(algorithm)) are not accepted; the issuer's public keys verify tokens"
                )
            }
            throw OIDCRejection(
                "the token's algorithm \"\(algorithm.prefix(20))\" is not accepted (RS256, ES256 and the other RSA, ECDSA and EdDSA ones are)"
            )
        }
        guard header["crit"] == nil else {
            throw OIDCRejection("the token's header has critical extensions (crit) the gateway does not understand")
        }
        if let kid = header["kid"], !(kid is String) {
            throw OIDCRejection("the token's kid must be a string")
        }
        let key = try await keys.key(id: header["kid"] as? String)
        guard key.accepts(algorithm) else {
            throw OIDCRejection(
                "the token's algorithm \(algorithm) does not fit its key (kid \"\(key.id.prefix(100))\", \(key.algorithm ?? key.keyType))"
            )
        }
        let claims: OIDCClaims
        do {
            claims = try await keys.verifier(for: key, algorithm: algorithm).verify(token, as: OIDCClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw OIDCRejection("the token's signature is not valid")
        } catch {
            throw OIDCRejection("the token could not be verified: its signature or payload is malformed")
        }
        var rules = rules
        if let groupProjects { rules.groupProjects = groupProjects.current }
        let (user, scope) = try rules.evaluate(claims, now: now)
        return Principal(user: user, displayUser: user, scope: scope, isAuthenticated: true)
    }

    /// The JSON object of a token's header.
    private static func header(_ part: Substring) throws(OIDCRejection) -> [String: Any] {
        guard let data = base64URLDecoded(part), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw OIDCRejection("the token's header is not base64url-encoded JSON")
        }
        return object
    }

    static func base64URLDecoded(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
