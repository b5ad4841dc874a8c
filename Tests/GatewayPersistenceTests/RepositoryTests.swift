import Foundation
import GRDB
import GatewayCore
import GatewayTestSupport
import Testing

@testable import GatewayPersistence

@Suite struct RepositoryTests {
    @Test func aCreatedWorkloadIsStoredWithItsProjectAndOneOutboxEntry() async throws {
        let database = try makeMigratedDatabase()
        let workloads = SQLiteWorkloadRepository(database: database)
        let workload = makeWorkload(name: "inference1")
        try await workloads.create(workload, project: makeProject(), idempotency: nil)

        #expect(try await workloads.find(project: "team-a", name: "inference1") == workload)
        #expect(try await SQLiteProjectRepository(database: database).find(name: "team-a")?.namespace == "runai-team-a")
        let due = try await SQLiteOutboxRepository(database: database).due(at: Date(), limit: 10)
        #expect(due.count == 1)
        #expect(due.first?.operation == .apply)
        #expect(due.first?.payload == workload.desiredObject)
    }

    @Test func aFailedTransactionLeavesNothingBehind() async throws {
        let database = try makeMigratedDatabase()
        let workloads = SQLiteWorkloadRepository(database: database)
        try await workloads.create(makeWorkload(name: "taken"), project: makeProject(), idempotency: nil)
        let before = try await counts(database)

        // A duplicate name fails after the project check: nothing of it may remain.
        let duplicate = makeWorkload(name: "taken")
        let idempotency = IdempotencyRecord(
            principal: "anonymous",
            key: "k1",
            requestHash: "h",
            responseStatus: 200,
            responseBody: "{}",
            workloadID: duplicate.id,
            createdAt: Date()
        )
        let error = await #expect(throws: StoreError.self) {
            try await workloads.create(duplicate, project: makeProject("team-b"), idempotency: idempotency)
        }
        #expect(error?.code == .alreadyExists)
        #expect(try await counts(database) == before)
        #expect(try await SQLiteProjectRepository(database: database).find(name: "team-b") == nil)

        // A statement failing half-way through a write rolls back what came before it.
        await #expect(throws: (any Error).self) {
            try await database.writer.write { db in
                try db.execute(sql: "INSERT INTO audit_log (at, principal, method, path, status) VALUES (1, 'a', 'GET', '/', 200)")
                try db.execute(
                    sql:
                        "INSERT INTO outbox (workload_id, operation, payload, next_attempt_at, created_at) VALUES ('no-such-workload', 'apply', '{}', 0, 0)"
                )
            }
        }
        #expect(try await counts(database) == before)
    }

    @Test func deletingQueuesADeletePushAfterTheApply() async throws {
        let database = try makeMigratedDatabase()
        let workloads = SQLiteWorkloadRepository(database: database)
        let outbox = SQLiteOutboxRepository(database: database)
        try await workloads.create(makeWorkload(name: "gone"), project: makeProject(), idempotency: nil)

        let deleted = try #require(try await workloads.delete(project: "team-a", name: "gone", at: Date()))
        #expect(deleted.desiredState == .absent)
        #expect(deleted.revision == 2)
        #expect(try await workloads.find(project: "team-a", name: "gone") == nil)
        #expect(try await workloads.delete(project: "team-a", name: "gone", at: Date()) == nil)

        // Entries of one workload are pushed in order: only the apply is due first.
        let first = try await outbox.due(at: Date(), limit: 10)
        #expect(first.map(\.operation) == [.apply])
        try await outbox.complete(id: first[0].id, clusterUID: "uid-1", resourceVersion: "7", at: Date())
        let second = try await outbox.due(at: Date(), limit: 10)
        #expect(second.map(\.operation) == [.delete])
        try await outbox.complete(id: second[0].id, clusterUID: nil, resourceVersion: nil, at: Date())
        let stored = try #require(try await workloads.find(id: deleted.id))
        #expect(stored.syncState == .deleted)
        #expect(stored.clusterUID == "uid-1")
        #expect(try await outbox.pendingCount() == 0)

        // The name is free again once the old one is deleted.
        try await workloads.create(makeWorkload(name: "gone"), project: nil, idempotency: nil)
        #expect(try await workloads.list(project: "team-a").map(\.name) == ["gone"])
    }

    @Test func retriesWaitAndGivingUpShowsTheErrorOnTheWorkload() async throws {
        let database = try makeMigratedDatabase()
        let workloads = SQLiteWorkloadRepository(database: database)
        let outbox = SQLiteOutboxRepository(database: database)
        let workload = makeWorkload(name: "flaky")
        try await workloads.create(workload, project: makeProject(), idempotency: nil)
        let entry = try #require(try await outbox.due(at: Date(), limit: 1).first)

        let later = Date().addingTimeInterval(60)
        try await outbox.retry(id: entry.id, error: "connection refused", nextAttemptAt: later)
        #expect(try await outbox.due(at: Date(), limit: 1).isEmpty)
        #expect(try await outbox.due(at: later, limit: 1).first?.attempts == 1)

        try await outbox.fail(id: entry.id, error: "admission webhook denied", at: Date())
        let stored = try #require(try await workloads.find(id: workload.id))
        #expect(stored.syncState == .failed)
        #expect(stored.lastError == "admission webhook denied")
        #expect(try await outbox.find(id: entry.id)?.state == .failed)
    }

    @Test func updatesBumpTheRevisionOnlyWhenSomethingChanged() async throws {
        let database = try makeMigratedDatabase()
        let workloads = SQLiteWorkloadRepository(database: database)
        let workload = makeWorkload(name: "status")
        try await workloads.create(workload, project: makeProject(), idempotency: nil)

        let running = try await workloads.update(id: workload.id) {
            $0.status = "Running"
            $0.nodes = ["node-1"]
        }
        #expect(running?.revision == 2)
        #expect(running?.nodes == ["node-1"])
        let same = try await workloads.update(id: workload.id) { $0.status = "Running" }
        #expect(same?.revision == 2)
        #expect(try await workloads.update(id: "missing") { $0.status = "Running" } == nil)
    }

    @Test func idempotencyAnswersAndAuditEntriesAreKept() async throws {
        let database = try makeMigratedDatabase()
        let workload = makeWorkload(name: "once")
        let record = IdempotencyRecord(
            principal: "alice",
            key: "key-1",
            requestHash: "abc",
            responseStatus: 200,
            responseBody: #"{"name":"once"}"#,
            workloadID: workload.id,
            createdAt: Date()
        )
        try await SQLiteWorkloadRepository(database: database).create(workload, project: makeProject(), idempotency: record)
        let keys = SQLiteIdempotencyRepository(database: database)
        #expect(try await keys.find(principal: "alice", key: "key-1")?.responseBody == record.responseBody)
        #expect(try await keys.find(principal: "bob", key: "key-1") == nil)
        #expect(try await keys.prune(before: Date().addingTimeInterval(1)) == 1)

        let audit = SQLiteAuditLogRepository(database: database)
        try await audit.record([
            AuditEntry(at: Date(), principal: "alice", method: "POST", path: "/api/v1/jobs", status: 200),
            AuditEntry(at: Date(), principal: "bob", method: "GET", path: "/api/v1/jobs", status: 200),
        ])
        #expect(try await audit.recent(limit: 10).map(\.principal) == ["bob", "alice"])
    }

    private func counts(_ database: GatewayDatabase) async throws -> [Int] {
        try await database.writer.read { db in
            try ["workloads", "outbox", "projects", "audit_log", "idempotency_keys"].map {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1
            }
        }
    }
}

@Suite struct GroupCommitTests {
    @Test func concurrentSubmitsShareTransactionsAndEachGetsItsOwnOutcome() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try GatewayDatabase.open(at: directory.appending(path: "group.sqlite").path)
        try database.migrate()
        let workloads = SQLiteWorkloadRepository(database: database)
        try await workloads.create(makeWorkload(name: "job-0"), project: makeProject(), idempotency: nil)

        // 200 concurrent creates, every tenth a duplicate of an existing name.
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for index in 1...200 {
                group.addTask {
                    let name = index % 10 == 0 ? "job-0" : "job-\(index)"
                    do {
                        try await workloads.create(makeWorkload(name: name), project: nil, idempotency: nil)
                        return (index, true)
                    } catch {
                        return (index, false)
                    }
                }
            }
            return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.filter { $0.value }.count == 180)
        #expect(outcomes.filter { !$0.value }.keys.allSatisfy { $0 % 10 == 0 })
        #expect(try await workloads.list(project: "team-a").count == 181)
        #expect(try await SQLiteOutboxRepository(database: database).pendingCount() == 181)

        let statistics = await database.committer.statistics
        #expect(statistics.writes == 201)
        #expect(statistics.transactions < statistics.writes, "concurrent writes share transactions")
    }

    @Test func aCallerGoneAwayDoesNotFailTheWritesSharingItsTransaction() async throws {
        let database = try makeMigratedDatabase()
        let workloads = SQLiteWorkloadRepository(database: database)
        try await workloads.create(makeWorkload(name: "job-0"), project: makeProject(), idempotency: nil)
        // Half the callers are cancelled as they start (a client that hung up); any of them may
        // lead a shared transaction.
        let kept = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 1...100 {
                let write = Task {
                    try await workloads.create(makeWorkload(name: "job-\(index)"), project: nil, idempotency: nil)
                }
                if index.isMultiple(of: 2) { write.cancel() }
                group.addTask {
                    do {
                        try await write.value
                        return true
                    } catch {
                        #expect(index.isMultiple(of: 2), "job-\(index) was not cancelled but failed: \(error)")
                        return false
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(kept >= 50)
        #expect(try await workloads.list(project: "team-a").count == kept + 1)
    }

    @Test func aGroupCommittedWriteReturnsItsValue() async throws {
        let database = try makeMigratedDatabase()
        let workloads = SQLiteWorkloadRepository(database: database)
        try await workloads.create(makeWorkload(name: "kept"), project: makeProject(), idempotency: nil)
        #expect(try await workloads.delete(project: "team-a", name: "missing", at: Date()) == nil)
        #expect(try await workloads.delete(project: "team-a", name: "kept", at: Date())?.name == "kept")
    }
}
