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

@Suite struct AuthTests {
    static let tokens = """
        tokens:
          - token: alice-secret-token
            user: alice
            projects: [team-a]
          - token: ops-secret-token
            user: ops
            projects: ["*"]
        """

    private func tokensConfiguration(_ text: String = tokens) throws -> (LegacyAPIConfiguration, String) {
        let file = try writeTemporaryFile(text, name: "tokens.yaml")
        return (testLegacyConfiguration(authentication: .tokens(file: file)), file)
    }

    private func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    @Test(arguments: [nil, "Bearer wrong-token", "Basic YWxpY2U6cHc=", "Bearer"])
    func withoutAValidTokenEveryLegacyCallIs401WithTheSignals(authorization: String?) async throws {
        let (configuration, _) = try tokensConfiguration()
        try await withGateway(configuration) { client, database in
            var headers: HTTPFields = [:]
            if let authorization { headers[.authorization] = authorization }
            for (method, path) in [(HTTPRequest.Method.get, "/api/v1/jobs"), (.post, "/api/v1/jobs"), (.get, "/researcher/api/v1/nowhere")] {
                let response = try await client.send(method, path, json: method == .post ? submitBody() : nil, headers: headers)
                #expect(response.status == .unauthorized, "\(method) \(path)")
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                #expect(try response.object["status"] as? Int == 401)
                #expect(response.headers[LegacyHeader.deprecation] != nil)
                #expect(!response.text.contains("wrong-token"))
            }
            #expect(try await StoreCounts.of(database).workloads == 0)
        }
    }

    @Test func aTokenActsAsItsUserWithinItsProjects() async throws {
        let (configuration, _) = try tokensConfiguration()
        try await withGateway(configuration) { client, database in
            let headers = bearer("alice-secret-token").merging(raUser: "someone-else")
            let submit = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a1"), headers: headers)
            #expect(submit.status == .ok)
            let workload = try #require(try await SQLiteWorkloadRepository(database: database).find(project: "team-a", name: "a1"))
            #expect(workload.username == "alice", "the token's user, not RA-USER")

            let elsewhere = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "b1", project: "team-b"), headers: headers)
            #expect(elsewhere.status == .forbidden)
            #expect(try elsewhere.object["status"] as? Int == 403)
            #expect(try await StoreCounts.of(database).workloads == 1)
            #expect(try await client.send(.get, "/api/v1/jobs/team-b", headers: headers).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/jobs?project=team-b", headers: headers).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/job/team-b/b1", headers: headers).status == .forbidden)
        }
    }

    @Test func listsAndDeletesAreConfinedToTheTokensProjects() async throws {
        let (configuration, _) = try tokensConfiguration()
        try await withGateway(configuration) { client, _ in
            let ops = bearer("ops-secret-token")
            try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a1", project: "team-a"), headers: ops)
            try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "b1", project: "team-b"), headers: ops)

            let alice = bearer("alice-secret-token")
            let jobs = try await client.send(.get, "/api/v1/jobs", headers: alice).dataList
            #expect(jobs.compactMap { $0["name"] as? String } == ["a1"])
            let projects = try await client.send(.get, "/api/v1/projects", headers: alice).dataList
            #expect(projects.compactMap { $0["name"] as? String } == ["team-a"])
            let delete = try await client.send(.delete, "/api/v1/jobs", json: #"[{"name":"b1","project":"team-b"}]"#, headers: alice)
            #expect(try (delete.dataList.first?["error"] as? [String: Any])?["status"] as? Int == 403)
            #expect(try await client.send(.get, "/api/v1/jobs", headers: ops).dataList.count == 2)
        }
    }

    @Test func anEditedTokensFileTakesEffectWithoutARestart() async throws {
        let (configuration, file) = try tokensConfiguration()
        try await withGateway(configuration) { client, _ in
            #expect(try await client.send(.get, "/api/v1/version", headers: bearer("new-token-1234")).status == .unauthorized)
            let updated = Self.tokens + "\n  - token: new-token-1234\n    user: bob\n    projects: [team-c]\n"
            try updated.write(toFile: file, atomically: true, encoding: .utf8)
            #expect(try await client.send(.get, "/api/v1/version", headers: bearer("new-token-1234")).status == .ok)

            // A broken edit keeps the tokens read last.
            try "tokens: [".write(toFile: file, atomically: true, encoding: .utf8)
            #expect(try await client.send(.get, "/api/v1/version", headers: bearer("new-token-1234")).status == .ok)
        }
    }

    @Test func unauthenticatedModeTakesTheDisplayUserFromRAUser() async throws {
        try await withGateway { client, database in
            try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a1"), headers: [LegacyHeader.raUser: "john"])
            let job = try #require(try await client.send(.get, "/api/v1/jobs/team-a/a1").dataList.first)
            #expect(job["user"] as? String == "john")
            let audit = try await SQLiteAuditLogRepository(database: database).recent(limit: 10)
            #expect(audit.contains { $0.principal == "anonymous" && $0.displayUser == "john" && $0.method == "POST" })
        }
    }

    @Test func theEmbeddedClusterCanConfineATokenToItsProjectsNamespaces() async throws {
        let (configuration, _) = try tokensConfiguration()
        let database = try makeMigratedDatabase()
        let catalog = ProjectCatalog(repository: SQLiteProjectRepository(database: database), configured: nil, options: .init())
        let control = try LegacyAccessControl(
            authentication: configuration.authentication,
            namespaceOfProject: { await catalog.namespace(of: $0) },
            logger: Logger(label: "test")
        )
        #expect(await control.allows(bearerToken: "alice-secret-token", namespace: "runai-team-a"))
        #expect(await !control.allows(bearerToken: "alice-secret-token", namespace: "runai-team-b"))
        #expect(await control.allows(bearerToken: "ops-secret-token", namespace: "anything"))
        #expect(await !control.allows(bearerToken: "nope", namespace: "runai-team-a"))
        #expect(await !control.allows(bearerToken: nil, namespace: "runai-team-a"))
        #expect(await control.namespaceCheck("alice-secret-token", "runai-team-a"))

        let open = try LegacyAccessControl(authentication: .none, namespaceOfProject: { _ in nil }, logger: Logger(label: "test"))
        #expect(await open.allows(bearerToken: nil, namespace: "runai-team-b"))
    }

    @Test func tokensAreComparedInConstantTimeAndNeverLogged() async throws {
        #expect(TokenStore.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!TokenStore.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!TokenStore.constantTimeEqual([1, 2], [1, 2, 3]))

        let logs = InMemoryLogHandler()
        let logger = Logger(label: "gateway-tests") { _ in logs }
        let (configuration, file) = try tokensConfiguration()
        try await withGateway(configuration, logger: logger) { client, _ in
            try await client.send(.get, "/api/v1/version", headers: bearer("alice-secret-token"))
            try await client.send(.get, "/api/v1/version", headers: bearer("guessed-token"))
            try (Self.tokens + "\n  - token: rotated-token-5678\n    user: carol\n    projects: [team-a]\n")
                .write(toFile: file, atomically: true, encoding: .utf8)
            try await client.send(.get, "/api/v1/version", headers: bearer("rotated-token-5678"))
        }
        let text = logs.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(text.contains("reloaded the tokens file"))
        for secret in ["alice-secret-token", "guessed-token", "rotated-token-5678", "ops-secret-token"] {
            #expect(!text.contains(secret), "a token reached the log")
        }
    }
}

extension HTTPFields {
    /// These fields with `RA-USER` set.
    fileprivate func merging(raUser: String) -> HTTPFields {
        var fields = self
        fields[LegacyHeader.raUser] = raUser
        return fields
    }
}
