import Foundation
import GRDB
import GatewayCore

/// ``WorkloadRepository`` over the gateway's SQLite database.
public struct SQLiteWorkloadRepository: WorkloadRepository {
    let database: GatewayDatabase

    /// Creates a repository over `database`.
    public init(database: GatewayDatabase) {
        self.database = database
    }

    public func create(_ workload: Workload, project: Project?, idempotency: IdempotencyRecord?) async throws {
        try BoundText.requireNoNUL(workload.project, workload.name, workload.namespace, project?.name)
        try await database.committer.write { db in
            if let project, try ProjectRow.fetchOne(db, key: project.name) == nil {
                try ProjectRow(project).insert(db)
            }
            if try Self.live(db, project: workload.project, name: workload.name) != nil {
                throw StoreError(
                    .alreadyExists,
                    "a workload named \(workload.name) already exists in project \(workload.project)"
                )
            }
            try WorkloadRow(workload).insert(db)
            var entry = OutboxRow(
                id: nil,
                workloadId: workload.id,
                operation: OutboxEntry.Operation.apply.rawValue,
                payload: workload.desiredObject,
                state: OutboxEntry.State.pending.rawValue,
                attempts: 0,
                nextAttemptAt: workload.createdAt.millisecondsSince1970,
                lastError: nil,
                createdAt: workload.createdAt.millisecondsSince1970,
                completedAt: nil
            )
            try entry.insert(db)
            if let idempotency {
                try SQLiteIdempotencyRepository.insert(idempotency, db)
            }
        }
        database.workloadChanges.bump()
    }

    public func find(project: String, name: String) async throws -> Workload? {
        try BoundText.requireNoNUL(project, name)
        return try await database.writer.read { db in try Self.live(db, project: project, name: name)?.workload }
    }

    public func find(id: String) async throws -> Workload? {
        try await database.writer.read { db in try WorkloadRow.fetchOne(db, key: id)?.workload }
    }

    public func objectHistory(namespace: String, name: String, limit: Int) async throws -> [Workload] {
        try BoundText.requireNoNUL(namespace, name)
        return try await database.writer.read { db in
            try WorkloadRow.fetchAll(
                db,
                sql: "SELECT * FROM workloads WHERE namespace = ? AND name = ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
                arguments: [namespace, name, limit]
            ).map(\.workload)
        }
    }

    public func names(project: String) async throws -> Set<String> {
        try BoundText.requireNoNUL(project)
        return try await database.writer.read { db in
            Set(
                try String.fetchAll(
                    db, sql: "SELECT name FROM workloads WHERE project = ? AND deleted_at IS NULL", arguments: [project]
                )
            )
        }
    }

    public func list(project: String?) async throws -> [Workload] {
        try BoundText.requireNoNUL(project)
        return try await database.writer.read { db in
            if let project {
                return try WorkloadRow.fetchAll(
                    db,
                    sql: "SELECT * FROM workloads WHERE project = ? AND deleted_at IS NULL ORDER BY created_at, id",
                    arguments: [project]
                ).map(\.workload)
            }
            return try WorkloadRow.fetchAll(
                db,
                sql: "SELECT * FROM workloads WHERE deleted_at IS NULL ORDER BY created_at, id"
            ).map(\.workload)
        }
    }

    public func delete(project: String, name: String, at date: Date) async throws -> Workload? {
        try BoundText.requireNoNUL(project, name)
        defer { database.workloadChanges.bump() }
        return try await database.committer.write { db -> Workload? in
            guard var row = try Self.live(db, project: project, name: name) else { return nil }
            let milliseconds = date.millisecondsSince1970
            row.desiredState = Workload.DesiredState.absent.rawValue
            row.syncState = Workload.SyncState.pending.rawValue
            row.status = "Terminating"
            row.deletedAt = milliseconds
            row.updatedAt = milliseconds
            row.revision += 1
            try row.update(db)
            let reference = ["namespace": row.namespace, "name": row.name]
            let payload = String(decoding: try JSONEncoder().encode(reference), as: UTF8.self)
            var entry = OutboxRow(
                id: nil,
                workloadId: row.id,
                operation: OutboxEntry.Operation.delete.rawValue,
                payload: payload,
                state: OutboxEntry.State.pending.rawValue,
                attempts: 0,
                nextAttemptAt: milliseconds,
                lastError: nil,
                createdAt: milliseconds,
                completedAt: nil
            )
            try entry.insert(db)
            return row.workload
        }
    }

    @discardableResult
    public func update(id: String, _ change: @Sendable (inout Workload) -> Void) async throws -> Workload? {
        let (workload, changed) = try await database.write { db -> (Workload?, Bool) in
            guard let row = try WorkloadRow.fetchOne(db, key: id) else { return (nil, false) }
            let before = row.workload
            var after = before
            change(&after)
            guard after != before else { return (before, false) }
            after.revision = before.revision + 1
            after.updatedAt = Date()
            try WorkloadRow(after).update(db)
            return (after, true)
        }
        // A no-op update (status sync seeing what it already recorded) keeps polls cached.
        if changed { database.workloadChanges.bump() }
        return workload
    }

    public func enqueueApply(id: String, at date: Date) async throws {
        defer { database.workloadChanges.bump() }
        try await database.committer.write { db in
            guard var row = try WorkloadRow.fetchOne(db, key: id), row.deletedAt == nil else { return }
            let milliseconds = date.millisecondsSince1970
            row.syncState = Workload.SyncState.pending.rawValue
            row.updatedAt = milliseconds
            row.revision += 1
            try row.update(db)
            var entry = OutboxRow(
                id: nil,
                workloadId: row.id,
                operation: OutboxEntry.Operation.apply.rawValue,
                payload: row.desiredObject,
                state: OutboxEntry.State.pending.rawValue,
                attempts: 0,
                nextAttemptAt: milliseconds,
                lastError: nil,
                createdAt: milliseconds,
                completedAt: nil
            )
            try entry.insert(db)
        }
    }

    public func discard(id: String, error: String, at date: Date) async throws {
        defer { database.workloadChanges.bump() }
        try await database.committer.write { db in
            let milliseconds = date.millisecondsSince1970
            try db.execute(
                sql: """
                    UPDATE workloads SET status = 'Failed', sync_state = 'failed', desired_state = 'absent',
                        last_error = ?, deleted_at = COALESCE(deleted_at, ?), updated_at = ?, revision = revision + 1
                    WHERE id = ?
                    """,
                arguments: [error, milliseconds, milliseconds, id]
            )
            try db.execute(
                sql: "UPDATE outbox SET state = 'failed', last_error = ?, completed_at = ? WHERE workload_id = ? AND state = 'pending'",
                arguments: [error, milliseconds, id]
            )
            // The caller was told the submit failed: a retry with the same key must not replay success.
            try db.execute(sql: "DELETE FROM idempotency_keys WHERE workload_id = ?", arguments: [id])
        }
    }

    static func live(_ db: Database, project: String, name: String) throws -> WorkloadRow? {
        try WorkloadRow.fetchOne(
            db,
            sql: "SELECT * FROM workloads WHERE project = ? AND name = ? AND deleted_at IS NULL",
            arguments: [project, name]
        )
    }
}
