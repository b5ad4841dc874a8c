import Foundation
import GRDB
import GatewayCore

/// ``OutboxRepository`` over the gateway's SQLite database.
public struct SQLiteOutboxRepository: OutboxRepository {
    let database: GatewayDatabase

    /// Creates a repository over `database`.
    public init(database: GatewayDatabase) {
        self.database = database
    }

    /// The state of entries still to push, as stored.
    private static let pending = OutboxEntry.State.pending.rawValue

    public func due(at date: Date, limit: Int) async throws -> [OutboxEntry] {
        try await database.writer.read { db in
            try OutboxRow.fetchAll(
                db,
                sql: """
                    SELECT * FROM outbox AS o
                    WHERE o.state = ? AND o.next_attempt_at <= ?
                      AND o.id = (SELECT MIN(id) FROM outbox WHERE workload_id = o.workload_id AND state = ?)
                    ORDER BY o.id LIMIT ?
                    """,
                arguments: [Self.pending, date.millisecondsSince1970, Self.pending, limit]
            ).map(\.entry)
        }
    }

    public func find(id: Int64) async throws -> OutboxEntry? {
        try await database.writer.read { db in try OutboxRow.fetchOne(db, key: id)?.entry }
    }

    public func complete(id: Int64, clusterUID: String?, resourceVersion: String?, at date: Date) async throws {
        try await database.committer.write(announcing: .workloads) { db in
            guard let row = try OutboxRow.fetchOne(db, key: id) else { return }
            let milliseconds = date.millisecondsSince1970
            // Only the columns that change: a finished entry is no work for the relay.
            try db.execute(
                sql: "UPDATE outbox SET state = ?, attempts = attempts + 1, completed_at = ?, last_error = NULL WHERE id = ?",
                arguments: [OutboxEntry.State.done.rawValue, milliseconds, id]
            )
            let deleted = row.operation == OutboxEntry.Operation.delete.rawValue
            let syncState: Workload.SyncState = deleted ? .deleted : .synced
            try db.execute(
                sql: """
                    UPDATE workloads SET sync_state = ?, cluster_uid = COALESCE(?, cluster_uid),
                        cluster_resource_version = COALESCE(?, cluster_resource_version),
                        last_error = NULL, updated_at = ?, revision = revision + 1
                    WHERE id = ?
                    """,
                arguments: [syncState.rawValue, clusterUID, resourceVersion, milliseconds, row.workloadId]
            )
        }
    }

    public func retry(id: Int64, error: String, nextAttemptAt: Date) async throws {
        try await database.committer.write(announcing: .outboxWork) { db in
            try db.execute(
                sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                arguments: [error, nextAttemptAt.millisecondsSince1970, id]
            )
        }
    }

    public func fail(id: Int64, error: String, at date: Date) async throws {
        try await database.committer.write(announcing: .workloads) { db in
            guard let row = try OutboxRow.fetchOne(db, key: id) else { return }
            let milliseconds = date.millisecondsSince1970
            try db.execute(
                sql: "UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?, completed_at = ? WHERE id = ?",
                arguments: [OutboxEntry.State.failed.rawValue, error, milliseconds, id]
            )
            try db.execute(
                sql: """
                    UPDATE workloads SET sync_state = ?, last_error = ?, updated_at = ?, revision = revision + 1
                    WHERE id = ?
                    """,
                arguments: [Workload.SyncState.failed.rawValue, error, milliseconds, row.workloadId]
            )
        }
    }

    @discardableResult
    public func expedite(at date: Date) async throws -> Int {
        try await database.write(announcing: .outboxWork) { db in
            try db.execute(
                sql: "UPDATE outbox SET next_attempt_at = ? WHERE state = ? AND next_attempt_at > ?",
                arguments: [date.millisecondsSince1970, Self.pending, date.millisecondsSince1970]
            )
            return db.changesCount
        }
    }

    public func pendingCount() async throws -> Int {
        try await database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = ?", arguments: [Self.pending]) ?? 0
        }
    }
}
