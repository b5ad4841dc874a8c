import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHTTP

@Suite struct AuditTests {
    @Test func aWriteIsAuditedBeforeItsAnswerWithTheCallerAndWhatItTouched() async throws {
        try await withGateway { client, database in
            let response = try await client.send(
                .post,
                "/api/v1/jobs",
                json: submitBody(name: "a1"),
                headers: [LegacyHeader.raUser: "john", LegacyHeader.requestID: "req-1", .userAgent: "runai-cli"]
            )
            #expect(response.status == .ok)
            let entries = try await SQLiteAuditLogRepository(database: database).recent(limit: 10)
            let entry = try #require(entries.first { $0.method == "POST" })
            #expect(entry.principal == "anonymous")
            #expect(entry.displayUser == "john")
            #expect(entry.path == "/api/v1/jobs")
            #expect(entry.status == 200)
            #expect(entry.project == "team-a")
            #expect(entry.workload == "a1")
            #expect(entry.requestID == "req-1")
            #expect(entry.userAgent == "runai-cli")
        }
    }

    @Test func refusedCallsAreAuditedWithTheirStatus() async throws {
        try await withGateway { client, database in
            try await client.send(.post, "/api/v1/jobs", json: "{oops")
            let entries = try await SQLiteAuditLogRepository(database: database).recent(limit: 10)
            #expect(entries.contains { $0.method == "POST" && $0.status == 400 })
        }
    }

    @Test func readsAreAuditedInBatchesShortlyAfter() async throws {
        try await withGateway { client, database in
            for _ in 0..<20 {
                #expect(try await client.send(.get, "/api/v1/jobs").status == .ok)
            }
            let audit = SQLiteAuditLogRepository(database: database)
            let flushed = try await eventually {
                try await audit.recent(limit: 100).filter { $0.method == "GET" }.count == 20
            }
            #expect(flushed)
        }
    }

    @Test func readsStillQueuedAreWrittenWhenTheGatewayStops() async throws {
        let database = try makeMigratedDatabase()
        let hourly = testLegacyConfiguration(auditFlushInterval: .seconds(3600))
        try await withGateway(hourly, database: database) { client, database in
            for _ in 0..<3 {
                let response = try await client.send(.get, "/api/v1/version")
                #expect(response.status == .ok)
            }
            let written = try await SQLiteAuditLogRepository(database: database).recent(limit: 10)
            #expect(written.isEmpty, "not flushed yet")
        }
        let entries = try await SQLiteAuditLogRepository(database: database).recent(limit: 10)
        #expect(entries.count == 3)
        #expect(entries.allSatisfy { $0.path == "/api/v1/version" && $0.status == 200 })
    }

    @Test func nonLegacyCallsAreNotAudited() async throws {
        try await withGateway { client, database in
            try await client.send(.get, "/healthz")
            try await client.send(.get, "/openapi.yaml")
            try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "marker"))
            let entries = try await SQLiteAuditLogRepository(database: database).recent(limit: 10)
            #expect(entries.map(\.path) == ["/api/v1/jobs"])
        }
    }
}
