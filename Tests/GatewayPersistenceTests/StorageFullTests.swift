import Foundation
import GRDB
import GatewayCore
import GatewayTestSupport
import Testing

@testable import GatewayPersistence

/// A write the database has no room for fails as ``StoreError/Code/storageFull``, writes nothing,
/// and turns the storage's health `full` until a write succeeds again. The limit is real: a
/// database file whose `max_page_count` is its current size, so SQLite answers `SQLITE_FULL` to
/// any write that needs a new page (values of 64 KiB need overflow pages).
@Suite struct StorageFullTests {
    static let large = String(repeating: "x", count: 64 * 1024)

    /// A migrated database file holding one workload (with its project and apply entry), whose
    /// writer may not grow the file any more.
    private func makeFullDatabase() async throws -> (GatewayDatabase, Workload, Int64) {
        let database = try GatewayDatabase.open(at: try makeTemporaryDirectory().appending(path: "gateway.sqlite").path)
        try database.migrate()
        var workload = makeWorkload(name: "existing")
        workload.desiredObject = #"{"kind":"InferenceWorkload","pad":"\#(Self.large)"}"#
        try await SQLiteWorkloadRepository(database: database).create(workload, project: makeProject(), idempotency: nil)
        let entry = try #require(try await SQLiteOutboxRepository(database: database).due(at: Date(), limit: 1).first)
        try await setPageLimit(database, toCurrentSize: true)
        return (database, workload, entry.id)
    }

    private func setPageLimit(_ database: GatewayDatabase, toCurrentSize: Bool) async throws {
        try await database.writer.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(toCurrentSize ? pages : 1 << 30)")
        }
    }

    /// Every row of every table, as text: what must not change when a write is refused.
    private func snapshot(_ database: GatewayDatabase) async throws -> [String] {
        try await database.writer.read { db in
            try ["workloads", "outbox", "projects", "audit_log", "idempotency_keys"].flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid").map { "\(table) \($0)" }
            }
        }
    }

    /// The repository write paths that need room, each given the limit to run into.
    static let writes: [String] = [
        "create", "update", "enqueueApply", "discard", "retry", "fail", "audit", "projects",
    ]

    private func attempt(_ write: String, _ database: GatewayDatabase, _ workload: Workload, _ entry: Int64) async throws {
        let workloads = SQLiteWorkloadRepository(database: database)
        let outbox = SQLiteOutboxRepository(database: database)
        switch write {
        case "create":
            var next = makeWorkload(name: "next")
            next.desiredObject = #"{"pad":"\#(Self.large)"}"#
            try await workloads.create(next, project: makeProject("team-b"), idempotency: nil)
        case "update":
            try await workloads.update(id: workload.id) { $0.lastError = Self.large }
        case "enqueueApply":
            try await workloads.enqueueApply(id: workload.id, at: Date())
        case "discard":
            try await workloads.discard(id: workload.id, error: Self.large, at: Date())
        case "retry":
            try await outbox.retry(id: entry, error: Self.large, nextAttemptAt: Date())
        case "fail":
            try await outbox.fail(id: entry, error: Self.large, at: Date())
        case "audit":
            try await SQLiteAuditLogRepository(database: database).record([
                AuditEntry(at: Date(), principal: "alice", method: "POST", path: "/api/v1/jobs", status: 200, userAgent: Self.large)
            ])
        case "projects":
            try await SQLiteProjectRepository(database: database).upsert([
                Project(name: "team-c", namespace: "runai-team-c", department: Self.large, origin: .configured, createdAt: Date())
            ])
        default:
            Issue.record("unknown write \(write)")
        }
    }

    @Test(arguments: writes)
    func aWriteWithoutRoomIsStorageFullAndWritesNothing(_ write: String) async throws {
        let (database, workload, entry) = try await makeFullDatabase()
        let before = try await snapshot(database)
        #expect(!database.storage.isFull)

        let error = await #expect(throws: StoreError.self) { try await attempt(write, database, workload, entry) }
        #expect(error?.code == .storageFull, "\(String(describing: error))")
        #expect(error?.message.hasPrefix("storage is full") == true)
        #expect(try await snapshot(database) == before, "nothing of the refused write remains")
        #expect(database.storage.isFull)
        #expect(database.storage.condition == .full)

        // Space again: the same write succeeds and the storage is available.
        try await setPageLimit(database, toCurrentSize: false)
        try await attempt(write, database, workload, entry)
        #expect(!database.storage.isFull)
        #expect(try await snapshot(database) != before)
    }

    @Test func writesSharingATransactionWithARefusedOneAreKeptExactlyWhenTheyAnsweredSuccess() async throws {
        let (database, _, _) = try await makeFullDatabase()
        let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
            for index in 0..<12 {
                group.addTask {
                    let path = "/w\(index)"
                    let agent = index % 3 == 0 ? Self.large : "small"
                    do {
                        try await database.committer.write { db in
                            try db.execute(
                                sql: "INSERT INTO audit_log (at, principal, method, path, status, user_agent) VALUES (1, 'a', 'GET', ?, 200, ?)",
                                arguments: [path, agent]
                            )
                        }
                        return (path, true)
                    } catch {
                        #expect(StoreError.isStorageFull(error), "\(error)")
                        return (path, false)
                    }
                }
            }
            return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        let stored = try await database.writer.read { db in Set(try String.fetchAll(db, sql: "SELECT path FROM audit_log")) }
        #expect(Set(outcomes.filter(\.value).keys) == stored, "a write is kept exactly when it answered success")
        #expect(outcomes["/w0"] == false)
        #expect(database.storage.isFull)
    }

    @Test func otherErrorsAreNotStorageFull() async throws {
        let (database, _, _) = try await makeFullDatabase()
        try await setPageLimit(database, toCurrentSize: false)
        let workloads = SQLiteWorkloadRepository(database: database)
        let error = await #expect(throws: StoreError.self) {
            try await workloads.create(makeWorkload(name: "existing"), project: nil, idempotency: nil)
        }
        #expect(error?.code == .alreadyExists)
        await #expect(throws: DatabaseError.self) {
            try await database.write { db in try db.execute(sql: "INSERT INTO no_such_table VALUES (1)") }
        }
        #expect(!database.storage.isFull)
    }

    @Test func aProbeTurnsTheStorageAvailableOnceThereIsRoomWithoutAnyCaller() async throws {
        let (database, workload, entry) = try await makeFullDatabase()
        await #expect(throws: StoreError.self) { try await attempt("create", database, workload, entry) }
        #expect(database.storage.isFull)

        try await setPageLimit(database, toCurrentSize: false)
        #expect(await database.probeStorage(interval: .zero) == false)
        #expect(database.storage.condition == .available)
        // While available, probing writes nothing.
        #expect(await database.probeStorage(interval: .zero) == false)
    }
}
