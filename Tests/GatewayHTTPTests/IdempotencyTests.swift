import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHTTP

@Suite struct IdempotencyTests {
    @Test func aRetriedSubmitWithTheSameKeyGetsTheSameAnswerAndStoresOneJob() async throws {
        try await withGateway { client, database in
            let key: HTTPFields = [LegacyHeader.idempotencyKey: "4b0c4a1e-retry"]
            let first = try await client.send(.post, "/api/v1/jobs", json: submitBody(), headers: key)
            #expect(first.status == .ok)
            #expect(first.headers[LegacyHeader.idempotentReplayed] == nil)
            let retry = try await client.send(.post, "/api/v1/jobs", json: submitBody(), headers: key)
            #expect(retry.status == .ok)
            #expect(retry.text == first.text)
            #expect(retry.headers[LegacyHeader.idempotentReplayed] == "true")
            #expect(retry.values(LegacyHeader.link).contains { $0.contains("/inferenceworkloads/job-1>") })
            #expect(try await StoreCounts.of(database) == StoreCounts(workloads: 1, outbox: 1, projects: 1, idempotencyKeys: 1))

            // Without a key, the same body is a new job.
            let fresh = try await client.send(.post, "/api/v1/jobs", json: submitBody())
            #expect(try fresh.object["name"] as? String == "job-2")
        }
    }

    @Test func theSameKeyWithAnotherBodyIsA422AndWritesNothing() async throws {
        try await withGateway { client, database in
            let key: HTTPFields = [LegacyHeader.idempotencyKey: "key-1"]
            try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a1"), headers: key)
            let before = try await StoreCounts.of(database)
            let other = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a2"), headers: key)
            #expect(other.status == .unprocessableContent)
            #expect(try other.object["field"] as? String == "Idempotency-Key")
            #expect(try await StoreCounts.of(database) == before)
        }
    }

    @Test func concurrentSubmitsWithOneKeyCreateOneJob() async throws {
        try await withGateway { client, database in
            let key: HTTPFields = [LegacyHeader.idempotencyKey: "burst-key"]
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await client.send(.post, "/api/v1/jobs", json: submitBody(), headers: key).text }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(answers) == [#"{"name":"job-1"}"#], "\(answers)")
            #expect(try await StoreCounts.of(database).workloads == 1)
        }
    }

    @Test(arguments: ["", String(repeating: "k", count: 256), "has space"])
    func anInvalidKeyIsA400(key: String) async throws {
        try await withGateway { client, database in
            let response = try await client.send(.post, "/api/v1/jobs", json: submitBody(), headers: [LegacyHeader.idempotencyKey: key])
            #expect(response.status == .badRequest)
            #expect(try response.object["field"] as? String == "Idempotency-Key")
            #expect(try await StoreCounts.of(database).workloads == 0)
        }
    }

    @Test func keysOfDifferentCallersNeverCollide() async throws {
        let file = try writeTemporaryFile(
            "tokens:\n  - {token: token-one-1234, user: one, projects: ['*']}\n  - {token: token-two-1234, user: two, projects: ['*']}\n"
        )
        try await withGateway(testLegacyConfiguration(authentication: .tokens(file: file))) { client, database in
            for token in ["token-one-1234", "token-two-1234"] {
                let response = try await client.send(
                    .post,
                    "/api/v1/jobs",
                    json: submitBody(),
                    headers: [LegacyHeader.idempotencyKey: "shared", .authorization: "Bearer \(token)"]
                )
                #expect(response.status == .ok)
                #expect(response.headers[LegacyHeader.idempotentReplayed] == nil)
            }
            #expect(try await StoreCounts.of(database).workloads == 2)
        }
    }
}
