import Foundation
import GRDB
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import Logging
import Testing

@testable import GatewayHTTP

@Suite struct RetentionTests {
    @Test func aPruneForgetsAuditRowsAndIdempotencyKeysPastTheirRetentionAndKeepsTheUsageRollups() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try GatewayDatabase.open(at: directory.appending(path: "gateway.sqlite").path)
        try database.migrate()
        let now = Date()
        let day: TimeInterval = 86_400
        let audit = SQLiteAuditLogRepository(database: database)
        try await audit.record(
            [now.addingTimeInterval(-40 * day), now.addingTimeInterval(-20 * day), now.addingTimeInterval(-60)].map { at in
                AuditEntry(
                    at: at,
                    principal: "alice",
                    method: "GET",
                    path: "/api/v1/jobs",
                    status: 200,
                    endpoint: "GET /api/v1/jobs",
                    client: "alice"
                )
            }
        )
        let usage = SQLiteLegacyUsageRepository(database: database)
        let rollupsBefore = try await usage.days(LegacyUsageFilter())
        try await store(keys: [("old", now.addingTimeInterval(-3 * 3600)), ("new", now.addingTimeInterval(-60))], in: database)

        var configuration = RetentionConfiguration()
        configuration.audit = .seconds(30 * 86_400)
        configuration.idempotencyKeys = .seconds(2 * 3600)
        let pruner = RetentionPruner(
            configuration: configuration,
            audit: audit,
            idempotency: SQLiteIdempotencyRepository(database: database),
            logger: Logger(label: "test")
        )
        let pruned = try await pruner.prune(now: now)

        #expect(pruned == RetentionPruner.Pruned(auditRows: 1, idempotencyKeys: 1))
        #expect(try await audit.recent(limit: 10).count == 2)
        let keys = SQLiteIdempotencyRepository(database: database)
        #expect(try await keys.find(principal: "alice", key: "old") == nil)
        #expect(try await keys.find(principal: "alice", key: "new") != nil)
        // The report over months still sees the forgotten day.
        #expect(try await usage.days(LegacyUsageFilter()) == rollupsBefore)
        #expect(rollupsBefore.count == 3)
        // A second prune at the same time forgets nothing more.
        #expect(try await pruner.prune(now: now) == RetentionPruner.Pruned(auditRows: 0, idempotencyKeys: 0))
    }

    @Test func retentionsAreSettingsInDaysAndHoursAndZeroIsRefusedNamingTheFlag() throws {
        let values = GatewaySettingValues(flags: [.auditRetention: "7", .idempotencyRetention: "48"], environment: [:])
        let configuration = try RetentionConfiguration.resolve(values)
        #expect(configuration.audit == .seconds(7 * 86_400))
        #expect(configuration.idempotencyKeys == .seconds(48 * 3600))
        #expect(RetentionConfiguration().audit == .seconds(90 * 86_400))

        let error = #expect(throws: GatewayConfigurationError.self) {
            try RetentionConfiguration.resolve(GatewaySettingValues(flags: [:], environment: ["GATEWAY_AUDIT_RETENTION": "0"]))
        }
        #expect(error?.message == "--audit-retention must be a whole number from 1 to 36500, not 0")
    }

    private func store(keys: [(String, Date)], in database: GatewayDatabase) async throws {
        try await database.writer.write { db in
            for (key, at) in keys {
                try db.execute(
                    sql: """
                        INSERT INTO idempotency_keys (principal, key, request_hash, response_status, response_body, workload_id, created_at)
                        VALUES ('alice', ?, 'h', 200, '{}', NULL, ?)
                        """,
                    arguments: [key, Int64(at.timeIntervalSince1970 * 1000)]
                )
            }
        }
    }
}
