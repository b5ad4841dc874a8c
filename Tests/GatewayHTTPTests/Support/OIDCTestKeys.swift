import Crypto
import CryptoExtras
import Foundation

/// A signing key made at test time, as an identity provider holds it: it signs tokens, and its
/// public half goes into the JWKS the gateway reads.
struct OIDCTestKey: Sendable {
    enum Material: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case ec(P256.Signing.PrivateKey)
    }

    let kid: String
    let material: Material

    /// RS256 or ES256.
    var algorithm: String {
        switch material {
        case .rsa: "RS256"
        case .ec: "ES256"
        }
    }

    /// A fresh 2048-bit RSA key.
    static func rsa(kid: String) throws -> OIDCTestKey {
        OIDCTestKey(kid: kid, material: .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048)))
    }

    /// A fresh P-256 key.
    static func ec(kid: String) -> OIDCTestKey {
        OIDCTestKey(kid: kid, material: .ec(P256.Signing.PrivateKey()))
    }

    /// The public key as a JWK, as Keycloak publishes it (`use: sig`, with `alg`).
    var jwk: [String: String] {
        switch material {
        case .rsa(let key):
            // The primitives of a key made above are always readable.
            let primitives = try! key.publicKey.getKeyPrimitives()
            return [
                "kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
                "n": primitives.modulus.base64URL, "e": primitives.publicExponent.base64URL,
            ]
        case .ec(let key):
            let raw = key.publicKey.rawRepresentation
            return [
                "kty": "EC", "kid": kid, "use": "sig", "alg": "ES256", "crv": "P-256",
                "x": raw.prefix(32).base64URL, "y": raw.suffix(32).base64URL,
            ]
        }
    }

    /// The public key in PEM, the secret an algorithm-confusion attack would use for HS256.
    var publicKeyPEM: String {
        switch material {
        case .rsa(let key): key.publicKey.pemRepresentation
        case .ec(let key): key.publicKey.pemRepresentation
        }
    }

    /// A signed token with `claims`, and a header of `alg` and `kid` (plus `header`).
    func sign(_ claims: [String: Any], header: [String: Any] = [:]) throws -> String {
        let head = ["alg": algorithm, "typ": "JWT", "kid": kid].merging(header) { $1 }
        let input = try OIDCTestToken.encode(head) + "." + OIDCTestToken.encode(claims)
        let signature: Data
        switch material {
        case .rsa(let key):
            signature = try key.signature(for: SHA256.hash(data: Data(input.utf8)), padding: .insecurePKCS1v1_5).rawRepresentation
        case .ec(let key):
            signature = try key.signature(for: Data(input.utf8)).rawRepresentation
        }
        return input + "." + signature.base64URL
    }
}

/// Token parts built by hand, for the tokens no honest issuer makes.
enum OIDCTestToken {
    static let issuer = "https://runai.example.com/auth/realms/runai"
    static let audience = "runai"

    /// Claims of a valid id-token for `email`, issued now and valid for five minutes.
    static func claims(email: String = "alice@example.com", projects: [String] = ["team-a"], now: Date = Date()) -> [String: Any] {
        let seconds = Int(now.timeIntervalSince1970)
        return [
            "iss": issuer, "aud": audience, "sub": UUID().uuidString, "email": email, "email_verified": true,
            "preferred_username": email.split(separator: "@").first.map(String.init) ?? email,
            "iat": seconds, "exp": seconds + 300, "projects": projects, "groups": ["/ml-research"],
        ]
    }

    /// A JWKS document of `keys`.
    static func jwks(_ keys: [OIDCTestKey]) -> String {
        let data = try? JSONSerialization.data(withJSONObject: ["keys": keys.map(\.jwk)], options: [.sortedKeys])
        return data.flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    /// `header.payload.` with no signature: `alg: none`.
    static func unsigned(_ claims: [String: Any], kid: String) throws -> String {
        try encode(["alg": "none", "typ": "JWT", "kid": kid]) + "." + encode(claims) + "."
    }

    /// A token "signed" with HS256 using `secret` (the confusion attack: the public key as the HMAC secret).
    static func hmac(_ claims: [String: Any], kid: String, secret: String) throws -> String {
        let input = try encode(["alg": "HS256", "typ": "JWT", "kid": kid]) + "." + encode(claims)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return input + "." + Data(mac).base64URL
    }

    static func encode(_ object: [String: Any]) throws -> String {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).base64URL
    }
}

extension Data {
    /// Base64url without padding (RFC 7515 §2).
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
