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

    public func due(at date: Date, limit: Int) async throws -> [OutboxEntry] {
        try await database.writer.read { db in
            try OutboxRow.fetchAll(
                db,
                sql: """
                    SELECT * FROM outbox AS o
                    WHERE o.state = 'pending' AND o.next_attempt_at <= ?
                      AND o.id = (SELECT MIN(id) FROM outbox WHERE workload_id = o.workload_id AND state = 'pending')
                    ORDER BY o.id LIMIT ?
                    """,
                arguments: [date.millisecondsSince1970, limit]
            ).map(\.entry)
        }
    }

    public func find(id: Int64) async throws -> OutboxEntry? {
        try await database.writer.read { db in try OutboxRow.fetchOne(db, key: id)?.entry }
    }

    public func complete(id: Int64, clusterUID: String?, resourceVersion: String?, at date: Date) async throws {
        defer { database.workloadChanges.bump() }
        try await database.committer.write { db in
            guard var row = try OutboxRow.fetchOne(db, key: id) else { return }
            let milliseconds = date.millisecondsSince1970
            row.state = OutboxEntry.State.done.rawValue
            row.attempts += 1
            row.completedAt = milliseconds
            row.lastError = nil
            try row.update(db)
            let deleted = row.operation == OutboxEntry.Operation.delete.rawValue
            try db.execute(
                sql: """
                    UPDATE workloads SET sync_state = ?, cluster_uid = COALESCE(?, cluster_uid),
                        cluster_resource_version = COALESCE(?, cluster_resource_version),
                        last_error = NULL, updated_at = ?, revision = revision + 1
                    WHERE id = ?
                    """,
                arguments: [deleted ? "deleted" : "synced", clusterUID, resourceVersion, milliseconds, row.workloadId]
            )
        }
    }

    public func retry(id: Int64, error: String, nextAttemptAt: Date) async throws {
        try await database.committer.write { db in
            try db.execute(
                sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                arguments: [error, nextAttemptAt.millisecondsSince1970, id]
            )
        }
    }

    public func fail(id: Int64, error: String, at date: Date) async throws {
        defer { database.workloadChanges.bump() }
        try await database.committer.write { db in
            guard var row = try OutboxRow.fetchOne(db, key: id) else { return }
            let milliseconds = date.millisecondsSince1970
            row.state = OutboxEntry.State.failed.rawValue
            row.attempts += 1
            row.lastError = error
            row.completedAt = milliseconds
            try row.update(db)
            try db.execute(
                sql: """
                    UPDATE workloads SET sync_state = 'failed', last_error = ?, updated_at = ?, revision = revision + 1
                    WHERE id = ?
                    """,
                arguments: [error, milliseconds, row.workloadId]
            )
        }
    }

    @discardableResult
    public func expedite(at date: Date) async throws -> Int {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ?",
                arguments: [date.millisecondsSince1970, date.millisecondsSince1970]
            )
            return db.changesCount
        }
    }

    public func pendingCount() async throws -> Int {
        try await database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") ?? 0
        }
    }
}
