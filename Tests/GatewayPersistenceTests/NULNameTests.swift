import Foundation
import GRDB
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import Testing

/// SQLite reads bound text up to its first NUL: the repositories refuse such names rather than
/// let `keepme\0zzz` find, or delete, `keepme`.
@Suite struct NULNameTests {
    private func isInvalidArgument(_ error: any Error) -> Bool {
        (error as? StoreError)?.code == .invalidArgument
    }

    @Test func lookupsAndDeletesWithANULAreRefusedAndTouchNothing() async throws {
        let database = try makeMigratedDatabase()
        let workloads = SQLiteWorkloadRepository(database: database)
        try await workloads.create(makeWorkload(name: "keepme", project: "p"), project: makeProject("p"), idempotency: nil)

        await #expect(throws: StoreError.self) { _ = try await workloads.delete(project: "p", name: "keepme\u{0}zzz", at: Date()) }
        await #expect(throws: StoreError.self) { _ = try await workloads.delete(project: "p\u{0}other", name: "keepme", at: Date()) }
        await #expect(throws: StoreError.self) { _ = try await workloads.find(project: "p", name: "keepme\u{0}") }
        await #expect(throws: StoreError.self) { _ = try await workloads.list(project: "p\u{0}zzz") }
        await #expect(throws: StoreError.self) { _ = try await workloads.names(project: "p\u{0}") }
        await #expect(throws: StoreError.self) { _ = try await SQLiteProjectRepository(database: database).find(name: "p\u{0}") }
        do {
            _ = try await workloads.delete(project: "p", name: "keepme\u{0}zzz", at: Date())
        } catch {
            #expect(isInvalidArgument(error))
        }

        #expect(try await workloads.find(project: "p", name: "keepme")?.deletedAt == nil, "p/keepme is still live")
        let outbox = try await database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") }
        #expect(outbox == 1, "only the submit's push is queued")
    }

    @Test func aWorkloadOrProjectWithANULIsNeverWritten() async throws {
        let database = try makeMigratedDatabase()
        let workloads = SQLiteWorkloadRepository(database: database)
        await #expect(throws: StoreError.self) {
            try await workloads.create(makeWorkload(name: "a\u{0}b", project: "p"), project: makeProject("p"), idempotency: nil)
        }
        await #expect(throws: StoreError.self) { try await SQLiteProjectRepository(database: database).upsert([makeProject("p\u{0}q")]) }
        let rows = try await database.writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM workloads") ?? -1) + (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM projects") ?? -1)
        }
        #expect(rows == 0)
    }
}
