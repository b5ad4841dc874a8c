import Foundation
import GatewayTestSupport
import Logging
import Testing

@testable import GatewayHTTP

/// The OIDC verifier against a JWKS served over loopback HTTP, with keys made at test time.
@Suite struct OIDCVerifierTests {
    static let rsa = try! OIDCTestKey.rsa(kid: "rsa-1")
    static let ec = OIDCTestKey.ec(kid: "ec-1")

    private func verifier(
        _ keys: OIDCConfiguration.KeySource,
        clock: OIDCTestClock = OIDCTestClock(),
        configure: (inout OIDCConfiguration) -> Void = { _ in }
    ) throws -> OIDCVerifier {
        var configuration = OIDCConfiguration(issuer: OIDCTestToken.issuer, audiences: [OIDCTestToken.audience], keys: keys)
        configure(&configuration)
        return try OIDCVerifier(configuration: configuration, now: { clock.now }, logger: Logger(label: "test"))
    }

    private func rejection(_ verifier: OIDCVerifier, _ token: String) async -> String? {
        do {
            _ = try await verifier.principal(token: token)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test(arguments: [rsa, ec])
    func anRS256OrES256IdTokenNamesItsUserAndProjects(key: OIDCTestKey) async throws {
        let server = JWKSTestServer(keys: [Self.rsa, Self.ec])
        try await server.run { url in
            let verifier = try verifier(.url(url))
            let principal = try await verifier.principal(token: try key.sign(OIDCTestToken.claims(projects: ["team-a", "team-b"])))
            let expected = Principal(
                user: "alice@example.com",
                displayUser: "alice@example.com",
                scope: .projects(["team-a", "team-b"]),
                isAuthenticated: true
            )
            #expect(principal == expected)
            _ = try await verifier.principal(token: try key.sign(OIDCTestToken.claims(email: "bob@example.com")))
            #expect(server.fetches == 1, "the keys are cached")
        }
    }

    @Test func expiredWrongIssuerWrongAudienceAndNotYetValidTokensAreRefused() async throws {
        let file = try writeTemporaryFile(OIDCTestToken.jwks([Self.rsa]), name: "jwks.json")
        let verifier = try verifier(.file(file))
        let now = Int(Date().timeIntervalSince1970)
        let cases: [(change: [String: Any], reason: String)] = [
            (["exp": now - 61], "the token expired at"),
            (["iss": "https://evil.example.com/auth/realms/runai"], "not by the issuer this gateway trusts"),
            (["aud": ["account", "other-client"]], "not for this gateway"),
            (["nbf": now + 120], "not valid before"),
            (["iat": now + 3600], "issued in the future"),
            (["email": 42], "email claim must be a non-empty string"),
            (["email_verified": false], "email is not verified"),
        ]
        for (change, reason) in cases {
            let token = try Self.rsa.sign(OIDCTestToken.claims().merging(change) { $1 })
            let refused = await rejection(verifier, token)
            #expect(refused?.contains(reason) == true, "\(change): \(refused ?? "accepted")")
            #expect(refused?.contains(token) != true)
        }
        var claims = OIDCTestToken.claims()
        claims.removeValue(forKey: "exp")
        #expect(await rejection(verifier, try Self.rsa.sign(claims))?.contains("no exp claim") == true)
        // Within the clock skew (60 s) a token just expired or not quite valid yet is still accepted.
        let skewed = OIDCTestToken.claims().merging(["exp": now - 30, "nbf": now + 30]) { $1 }
        #expect(await rejection(verifier, try Self.rsa.sign(skewed)) == nil)
        #expect(await rejection(verifier, try Self.rsa.sign(OIDCTestToken.claims().merging(["aud": ["account", "runai"]]) { $1 })) == nil)
    }

    @Test func anUnsignedTokenAndHS256SignedWithThePublicKeyAreRefused() async throws {
        let server = JWKSTestServer(keys: [Self.rsa, Self.ec])
        try await server.run { url in
            let verifier = try verifier(.url(url))
            let claims = OIDCTestToken.claims()
            let none = await rejection(verifier, try OIDCTestToken.unsigned(claims, kid: Self.rsa.kid))
            #expect(none?.contains("alg none") == true, "\(none ?? "accepted")")
            for key in [Self.rsa, Self.ec] {
                let confused = await rejection(verifier, try OIDCTestToken.hmac(claims, kid: key.kid, secret: key.publicKeyPEM))
                #expect(confused?.contains("shared secret (alg HS256)") == true, "\(confused ?? "accepted")")
            }
            // The ES256 key does not verify a token whose header claims RS256, nor a tampered payload.
            let mislabelled = try Self.ec.sign(claims, header: ["alg": "RS256"])
            #expect(await rejection(verifier, mislabelled)?.contains("does not fit its key") == true)
            let valid = try Self.rsa.sign(claims).split(separator: ".")
            let forged = try OIDCTestToken.encode(claims.merging(["projects": ["*"]]) { $1 })
            #expect(await rejection(verifier, "\(valid[0]).\(forged).\(valid[2])") == "the token's signature is not valid")
            #expect(await rejection(verifier, "not-a-jwt") == "the token is not a JWT (header.payload.signature)")
        }
    }

    @Test func aTokenFromARotatedKeyFetchesTheKeysAgain() async throws {
        let rotated = OIDCTestKey.ec(kid: "ec-2")
        let server = JWKSTestServer(keys: [Self.rsa])
        let clock = OIDCTestClock()
        try await server.run { url in
            let verifier = try verifier(.url(url), clock: clock)
            await verifier.keys.prefetch()
            #expect(server.fetches == 1)
            server.publish([Self.rsa, rotated])
            clock.advance(by: .seconds(11))
            let principal = try await verifier.principal(token: try rotated.sign(OIDCTestToken.claims()))
            #expect(principal.user == "alice@example.com")
            #expect(server.fetches == 2, "one fetch for the unknown kid")
            _ = try await verifier.principal(token: try Self.rsa.sign(OIDCTestToken.claims()))
            #expect(server.fetches == 2)
        }
    }

    @Test func aFloodOfUnknownKeysFetchesAtMostOncePerInterval() async throws {
        let unpublished = OIDCTestKey.ec(kid: "unpublished")
        let server = JWKSTestServer(keys: [Self.rsa])
        let clock = OIDCTestClock()
        try await server.run { url in
            let verifier = try verifier(.url(url), clock: clock)
            await verifier.keys.prefetch()
            clock.advance(by: .seconds(11))
            let claims = OIDCTestToken.claims()
            let refusals = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<50 {
                    let token = try unpublished.sign(claims, header: ["kid": "made-up-\(index)"])
                    group.addTask { await rejection(verifier, token) }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(refusals.allSatisfy { $0?.contains("the issuer does not publish") == true })
            #expect(server.fetches == 2, "50 unknown kids cost one fetch")
            clock.advance(by: .seconds(11))
            _ = await rejection(verifier, try unpublished.sign(claims))
            #expect(server.fetches == 3, "the next interval allows one more")
        }
    }

    @Test func aJWKSFileIsReadAgainForAnUnknownKey() async throws {
        let file = try writeTemporaryFile(OIDCTestToken.jwks([Self.rsa]), name: "jwks.json")
        let clock = OIDCTestClock()
        let verifier = try verifier(.file(file), clock: clock)
        await verifier.keys.prefetch()
        try OIDCTestToken.jwks([Self.rsa, Self.ec]).write(toFile: file, atomically: true, encoding: .utf8)
        clock.advance(by: .seconds(11))
        #expect(try await verifier.principal(token: try Self.ec.sign(OIDCTestToken.claims())).user == "alice@example.com")
    }

    @Test func theUserAndProjectsClaimsAreConfigurableAndGroupsMapToProjects() async throws {
        let jwks = try writeTemporaryFile(OIDCTestToken.jwks([Self.rsa]), name: "jwks.json")
        let mapping = try writeTemporaryFile("groups:\n  /ml-research: [team-a, team-b]\n  /admins: [\"*\"]\n", name: "groups.yaml")
        let grouped = try verifier(.file(jwks)) {
            $0.userClaim = "preferred_username"
            $0.projectsClaim = "groups"
            $0.projectsFile = mapping
        }
        let member = try await grouped.principal(token: try Self.rsa.sign(OIDCTestToken.claims()))
        #expect(member.user == "alice")
        #expect(member.scope == .projects(["team-a", "team-b"]))
        let admin = try await grouped.principal(token: try Self.rsa.sign(OIDCTestToken.claims().merging(["groups": ["/admins"]]) { $1 }))
        #expect(admin.scope == .allProjects)
        let outsider = try await grouped.principal(token: try Self.rsa.sign(OIDCTestToken.claims().merging(["groups": "/other"]) { $1 }))
        #expect(outsider.scope == .projects([]), "an unmapped group grants nothing")

        let nested = try verifier(.file(jwks)) { $0.projectsClaim = "resource_access.runai.roles" }
        let roles = ["resource_access": ["runai": ["roles": ["team-c"]]]]
        let principal = try await nested.principal(token: try Self.rsa.sign(OIDCTestToken.claims().merging(roles) { $1 }))
        #expect(principal.scope == .projects(["team-c"]))
    }

    @Test func aJWKSWithEncryptionKeysAndOddEntriesKeepsItsSigningKeys() throws {
        let keys: [Any] = [
            ["kty": "RSA", "use": "enc", "alg": "RSA-OAEP", "kid": "enc", "n": "AQAB", "e": "AQAB"],
            ["kty": "oct", "kid": "secret", "k": "c2VjcmV0"], "junk", Self.ec.jwk,
        ]
        let text = String(decoding: try JSONSerialization.data(withJSONObject: ["keys": keys]), as: UTF8.self)
        let set = try OIDCKeySet.parse(Data(text.utf8))
        #expect(Array(set.keyed.keys) == ["ec-1"])
        #expect(set.skipped == 3)
        #expect(throws: OIDCRejection.self) { try OIDCKeySet.parse(Data(#"{"keys":[]}"#.utf8)) }
        #expect(throws: OIDCRejection.self) { try OIDCKeySet.parse(Data("<html>".utf8)) }
    }
}
