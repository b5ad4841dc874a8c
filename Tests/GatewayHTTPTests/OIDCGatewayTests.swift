import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import Testing

@testable import GatewayHTTP

/// `--auth oidc` through the whole gateway: legacy calls and the embedded Kubernetes API.
@Suite struct OIDCGatewayTests {
    static let key = try! OIDCTestKey.rsa(kid: "realm-key")

    private func oidcConfiguration(tokensFile: String? = nil) throws -> LegacyAPIConfiguration {
        let jwks = try writeTemporaryFile(OIDCTestToken.jwks([Self.key]), name: "jwks.json")
        let oidc = OIDCConfiguration(issuer: OIDCTestToken.issuer, audiences: [OIDCTestToken.audience], keys: .file(jwks))
        return testLegacyConfiguration(authentication: .oidc(oidc, tokensFile: tokensFile))
    }

    private func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    @Test func anIdTokenSubmitsAsItsUserWithinItsProjects() async throws {
        let logs = InMemoryLogHandler()
        let good = try Self.key.sign(OIDCTestToken.claims())
        let expired = try Self.key.sign(OIDCTestToken.claims(now: Date().addingTimeInterval(-3600)))
        try await withGateway(try oidcConfiguration(), logger: Logger(label: "test") { _ in logs }) { client, database in
            let submit = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a1"), headers: bearer(good))
            #expect(submit.status == .ok)
            let workload = try #require(try await SQLiteWorkloadRepository(database: database).find(project: "team-a", name: "a1"))
            #expect(workload.username == "alice@example.com")

            let elsewhere = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "b1", project: "team-b"), headers: bearer(good))
            #expect(elsewhere.status == .forbidden)

            let late = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a2"), headers: bearer(expired))
            #expect(late.status == .unauthorized)
            #expect(late.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(try (late.object["details"] as? String)?.contains("the token expired at") == true)
            #expect(!late.text.contains(expired))
            #expect(try await client.send(.get, "/api/v1/jobs", headers: bearer("static-looking-token")).status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/jobs").status == .unauthorized)
            #expect(try await StoreCounts.of(database).workloads == 1, "refused calls wrote nothing")
        }
        let text = logs.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!text.contains(good) && !text.contains(expired), "a token reached the log")
    }

    @Test func theEmbeddedClusterAcceptsTheSameIdTokensWithTheSameProjects() async throws {
        var configuration = GatewayConfiguration(http: .init(host: "127.0.0.1", port: 0), legacy: try oidcConfiguration())
        configuration.cluster = ClusterConfiguration()
        let app = try await buildApplication(configuration: configuration, database: try makeMigratedDatabase(), logger: Logger(label: "test"))
        let good = bearer(try Self.key.sign(OIDCTestToken.claims()))
        let forged = bearer(try OIDCTestToken.hmac(OIDCTestToken.claims(projects: ["team-b"]), kid: Self.key.kid, secret: Self.key.publicKeyPEM))
        try await app.test(.router) { client in
            let path = { (namespace: String) in "/apis/run.ai/v2alpha1/namespaces/\(namespace)/inferenceworkloads" }
            #expect(try await client.execute(uri: path("runai-team-a"), method: .get, headers: good).status == .ok)
            let elsewhere = try await client.execute(uri: path("runai-team-b"), method: .get, headers: good)
            #expect(elsewhere.status == .forbidden)
            #expect(String(buffer: elsewhere.body).contains(#"User \"alice@example.com\" cannot list"#))
            #expect(try await client.execute(uri: path("runai-team-b"), method: .get, headers: forged).status == .unauthorized)
            #expect(try await client.execute(uri: "/apis/run.ai/v2alpha1/inferenceworkloads", method: .get, headers: good).status == .forbidden)
        }
    }

    @Test func aTokensFileWorksBesideOIDC() async throws {
        let tokens = try writeTemporaryFile("tokens:\n  - token: ops-secret-token\n    user: ops\n    projects: [\"*\"]\n", name: "tokens.yaml")
        try await withGateway(try oidcConfiguration(tokensFile: tokens)) { client, _ in
            let ops = try await client.send(
                .post,
                "/api/v1/jobs",
                json: submitBody(name: "o1", project: "team-z"),
                headers: bearer("ops-secret-token")
            )
            #expect(ops.status == .ok)
            #expect(try await client.send(.get, "/api/v1/jobs", headers: bearer(try Self.key.sign(OIDCTestToken.claims()))).status == .ok)
            let wrong = try await client.send(.get, "/api/v1/jobs", headers: bearer("not-in-the-file"))
            #expect(wrong.status == .unauthorized)
            #expect(try wrong.object["details"] as? String == "the bearer token is not valid")
        }
    }

    @Test func oidcFlagsResolveFromFlagsThenTheEnvironment() throws {
        let environment = [
            GatewayEnvironment.oidcIssuer: OIDCTestToken.issuer, GatewayEnvironment.oidcAudience: "runai, runai-cli",
            GatewayEnvironment.oidcJWKSURL: "https://runai.example.com/auth/realms/runai/protocol/openid-connect/certs",
        ]
        let resolved = try LegacyAPIConfiguration.resolve(.init(), environment: environment)
        let expected = OIDCConfiguration(
            issuer: OIDCTestToken.issuer,
            audiences: ["runai", "runai-cli"],
            keys: .url("https://runai.example.com/auth/realms/runai/protocol/openid-connect/certs")
        )
        #expect(resolved.authentication == .oidc(expected, tokensFile: nil), "OIDC flags imply --auth oidc")

        var settings = LegacyAPIConfiguration.Settings(auth: "oidc", tokensFile: "/etc/tokens.yaml")
        settings.oidc = .init(
            issuer: "https://idp",
            audience: "gw",
            jwksFile: "/etc/jwks.json",
            userClaim: "sub",
            projectsClaim: "groups",
            clockSkew: "5s"
        )
        guard case .oidc(let flags, let tokensFile) = try LegacyAPIConfiguration.resolve(settings, environment: [:]).authentication else {
            Issue.record("not oidc")
            return
        }
        #expect(tokensFile == "/etc/tokens.yaml")
        #expect(flags.keys == .file("/etc/jwks.json") && flags.userClaim == "sub" && flags.projectsClaim == "groups")
        #expect(flags.clockSkew == .seconds(5))
    }

    @Test(arguments: [
        (["auth": "oidc"], "--auth oidc needs --oidc-issuer"),
        (["issuer": "https://idp"], "needs --oidc-audience"),
        (["issuer": "https://idp", "audience": "gw"], "--oidc-jwks-url (GATEWAY_OIDC_JWKS_URL"),
        (["issuer": "https://idp", "audience": "gw", "url": "https://idp/certs", "file": "/k"], "exclude each other"),
        (["issuer": "https://idp", "audience": "gw", "url": "http://idp.example.com/certs"], "must use https"),
        (["issuer": "https://idp", "audience": "gw", "file": "/k", "skew": "1h"], "--oidc-clock-skew (GATEWAY_OIDC_CLOCK_SKEW) must be"),
        (["auth": "tokens", "issuer": "https://idp", "audience": "gw", "file": "/k"], "need --auth oidc"),
        (["auth": "bogus"], "must be none, tokens or oidc"),
    ])
    func invalidOIDCSettingsAreRefusedNamingTheFlag(given: [String: String], message: String) throws {
        var settings = LegacyAPIConfiguration.Settings(auth: given["auth"], tokensFile: given["auth"] == "tokens" ? "/t" : nil)
        settings.oidc = .init(
            issuer: given["issuer"],
            audience: given["audience"],
            jwksURL: given["url"],
            jwksFile: given["file"],
            clockSkew: given["skew"]
        )
        #expect {
            try LegacyAPIConfiguration.resolve(settings, environment: [:])
        } throws: { error in
            (error as? GatewayConfigurationError)?.message.contains(message) == true
        }
    }

    @Test func anUnreadableJWKSFileOrProjectsFileStopsTheStart() throws {
        let missing = OIDCConfiguration(issuer: "https://idp", audiences: ["gw"], keys: .file("/nonexistent/jwks.json"))
        #expect(throws: GatewayConfigurationError.self) {
            try LegacyAccessControl(authentication: .oidc(missing, tokensFile: nil), namespaceOfProject: { _ in nil }, logger: Logger(label: "t"))
        }
        let jwks = try writeTemporaryFile(OIDCTestToken.jwks([Self.key]), name: "jwks.json")
        let badMapping = try writeTemporaryFile("groups:\n  /ml: 3\n", name: "groups.yaml")
        let mapped = OIDCConfiguration(issuer: "https://idp", audiences: ["gw"], keys: .file(jwks), projectsFile: badMapping)
        #expect {
            try LegacyAccessControl(authentication: .oidc(mapped, tokensFile: nil), namespaceOfProject: { _ in nil }, logger: Logger(label: "t"))
        } throws: { error in
            (error as? GatewayConfigurationError)?.message.contains("groups./ml must be a list of project names") == true
        }
    }
}
