import Foundation
import GRDB
import GatewayCore
import GatewayTestSupport
import Testing

@testable import GatewayPersistence

/// The store announces its own committed changes: every repository write moves the change feed's
/// revisions exactly when it commits, and never when it rolls back or changes nothing.
@Suite struct ChangeFeedTests {
    /// How far a write moved the feed's two revisions.
    struct Moves: Equatable, CustomStringConvertible {
        var workloads: Int
        var outbox: Int

        static let nothing = Moves(workloads: 0, outbox: 0)
        static let workloadsOnly = Moves(workloads: 1, outbox: 0)
        static let outboxOnly = Moves(workloads: 0, outbox: 1)
        static let both = Moves(workloads: 1, outbox: 1)

        var description: String { "workloads +\(workloads), outbox +\(outbox)" }
    }

    struct Refused: Error {}

    /// Runs `write` and returns how far it moved the feed.
    func moves(_ feed: some StoreChangeFeed, _ write: () async throws -> Void) async throws -> Moves {
        let (workloads, outbox) = (feed.workloadsRevision, feed.outboxRevision)
        try await write()
        return Moves(workloads: feed.workloadsRevision - workloads, outbox: feed.outboxRevision - outbox)
    }

    @Test func workloadWritesMoveTheFeedWhenTheyCommit() async throws {
        let database = try makeMigratedDatabase()
        let feed = database.changes
        let workloads = SQLiteWorkloadRepository(database: database)
        let workload = makeWorkload(name: "inference1")

        #expect(try await moves(feed) { try await workloads.create(workload, project: makeProject(), idempotency: nil) } == .both)
        // A create refused for its taken name rolls its savepoint back: nothing is announced.
        let refused = try await moves(feed) {
            await #expect(throws: StoreError.self) {
                try await workloads.create(makeWorkload(name: "inference1"), project: nil, idempotency: nil)
            }
        }
        #expect(refused == .nothing)
        // Reads announce nothing.
        #expect(
            try await moves(feed) {
                _ = try await workloads.find(project: "team-a", name: "inference1")
                _ = try await workloads.list(project: nil)
                _ = try await workloads.names(project: "team-a")
                _ = try await workloads.objectHistory(namespace: "runai-team-a", name: "inference1", limit: 5)
            } == .nothing
        )
        // Status sync: a change moves the workloads revision; one that changes nothing writes nothing.
        #expect(try await moves(feed) { _ = try await workloads.update(id: workload.id) { $0.status = "Running" } } == .workloadsOnly)
        #expect(try await moves(feed) { _ = try await workloads.update(id: workload.id) { $0.status = "Running" } } == .nothing)
        #expect(try await moves(feed) { _ = try await workloads.update(id: "no-such-id") { $0.status = "Running" } } == .nothing)
        // Healing drift queues an apply: outbox work.
        #expect(try await moves(feed) { try await workloads.enqueueApply(id: workload.id, at: Date()) } == .both)
        #expect(try await moves(feed) { try await workloads.enqueueApply(id: "no-such-id", at: Date()) } == .nothing)
        // A delete queues its push; deleting what is not there writes nothing.
        #expect(try await moves(feed) { _ = try await workloads.delete(project: "team-a", name: "inference1", at: Date()) } == .both)
        #expect(try await moves(feed) { _ = try await workloads.delete(project: "team-a", name: "inference1", at: Date()) } == .nothing)
        // A discarded submit changes its workload but queues nothing: its pending push is given up.
        let discarded = makeWorkload(name: "refused")
        try await workloads.create(discarded, project: nil, idempotency: nil)
        #expect(try await moves(feed) { try await workloads.discard(id: discarded.id, error: "denied", at: Date()) } == .workloadsOnly)
    }

    @Test func outboxWritesMoveTheFeedWhenTheyCommit() async throws {
        let database = try makeMigratedDatabase()
        let feed = database.changes
        let workloads = SQLiteWorkloadRepository(database: database)
        let outbox = SQLiteOutboxRepository(database: database)
        try await workloads.create(makeWorkload(name: "pushed"), project: makeProject(), idempotency: nil)
        try await workloads.create(makeWorkload(name: "refused"), project: nil, idempotency: nil)
        let entries = try await outbox.due(at: Date(), limit: 10)
        #expect(entries.count == 2)

        #expect(
            try await moves(feed) {
                _ = try await outbox.find(id: entries[0].id)
                _ = try await outbox.pendingCount()
                _ = try await outbox.due(at: Date(), limit: 10)
            } == .nothing
        )
        // A retry moves the entry's next attempt: the relay looks again (and finds it not due yet).
        let later = Date().addingTimeInterval(3600)
        #expect(try await moves(feed) { try await outbox.retry(id: entries[0].id, error: "unreachable", nextAttemptAt: later) } == .outboxOnly)
        // The cluster is reachable again: the deferred entry is due now.
        #expect(try await moves(feed) { _ = try await outbox.expedite(at: Date()) } == .outboxOnly)
        #expect(try await moves(feed) { _ = try await outbox.expedite(at: Date()) } == .nothing)
        // A finished or failed push changes its workload and is no work for the relay.
        #expect(
            try await moves(feed) { try await outbox.complete(id: entries[0].id, clusterUID: "uid-1", resourceVersion: "1", at: Date()) }
                == .workloadsOnly
        )
        #expect(try await moves(feed) { try await outbox.fail(id: entries[1].id, error: "denied", at: Date()) } == .workloadsOnly)
        #expect(try await moves(feed) { try await outbox.complete(id: 999, clusterUID: nil, resourceVersion: nil, at: Date()) } == .nothing)
    }

    @Test func projectChangesCountAndTheAuditLogAndIdempotencyKeysDoNot() async throws {
        let database = try makeMigratedDatabase()
        let feed = database.changes
        // Cached legacy answers carry their project's namespace.
        #expect(try await moves(feed) { try await SQLiteProjectRepository(database: database).upsert([makeProject("team-b")]) } == .workloadsOnly)
        let audit = SQLiteAuditLogRepository(database: database)
        let entry = AuditEntry(at: Date(), principal: "alice", method: "GET", path: "/api/v1/jobs", status: 200)
        #expect(try await moves(feed) { try await audit.record([entry, entry]) } == .nothing)
        #expect(try await moves(feed) { _ = try await SQLiteIdempotencyRepository(database: database).prune(before: Date()) } == .nothing)
        // A write of the database's own announces what it declared once it committed, if it changed a row.
        try await SQLiteWorkloadRepository(database: database).create(makeWorkload(name: "raw"), project: makeProject(), idempotency: nil)
        let update = { (status: String) in
            try await database.write(announcing: .workloads) { db in
                try db.execute(sql: "UPDATE workloads SET status = ? WHERE status != ?", arguments: [status, status])
            }
        }
        #expect(try await moves(feed) { try await update("Running") } == .workloadsOnly)
        #expect(try await moves(feed) { try await update("Running") } == .nothing)
    }

    @Test func aWriteThatRollsBackAnnouncesNothing() async throws {
        let database = try makeMigratedDatabase()
        let feed = database.changes
        let workload = makeWorkload(name: "rolled-back")
        try await SQLiteProjectRepository(database: database).upsert([makeProject()])

        // Group-committed: the write's savepoint rolls back and the shared transaction commits without it.
        let grouped = try await moves(feed) {
            await #expect(throws: Refused.self) {
                try await database.committer.write(announcing: [.workloads, .outboxWork]) { db in
                    try WorkloadRow(workload).insert(db)
                    try OutboxRow.enqueue(.apply, workloadID: workload.id, payload: "{}", at: 0, in: db)
                    throw Refused()
                }
            }
        }
        #expect(grouped == .nothing)
        // A transaction of its own that rolls back whole.
        let alone = try await moves(feed) {
            await #expect(throws: Refused.self) {
                try await database.write(announcing: [.workloads, .outboxWork]) { db in
                    try WorkloadRow(workload).insert(db)
                    try OutboxRow.enqueue(.apply, workloadID: workload.id, payload: "{}", at: 0, in: db)
                    throw Refused()
                }
            }
        }
        #expect(alone == .nothing)
        #expect(try await SQLiteWorkloadRepository(database: database).find(id: workload.id) == nil)
    }

    @Test(.timeLimit(.minutes(1))) func aWaiterIsWokenByACommitThroughAnotherRepository() async throws {
        // A real file, as the gateway runs (GatewayDatabase.open creates the directory).
        let directory = FileManager.default.temporaryDirectory.appending(path: "gateway-feed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try GatewayDatabase.open(at: directory.appending(path: "gateway.sqlite").path)
        try database.migrate()
        let feed: any StoreChangeFeed = database.changes
        let seen = feed.outboxRevision

        let waiter = Task { await feed.outboxWork(after: seen) }
        // A repository of its own, as a controller would hold: nobody tells the waiter.
        try await SQLiteWorkloadRepository(database: database).create(makeWorkload(name: "woken"), project: makeProject(), idempotency: nil)
        #expect(await waiter.value == seen + 1)

        // Work already committed ends a wait at once; a cancelled wait ends without any.
        #expect(await feed.outboxWork(after: seen) == seen + 1)
        let cancelled = Task { await feed.outboxWork(after: seen + 1) }
        cancelled.cancel()
        #expect(await cancelled.value == seen + 1)
    }
}
