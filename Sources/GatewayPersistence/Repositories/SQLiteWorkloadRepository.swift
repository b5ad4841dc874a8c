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
        try await database.committer.write(announcing: [.workloads, .outboxWork]) { db in
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
            try OutboxRow.enqueue(
                .apply,
                workloadID: workload.id,
                payload: workload.desiredObject,
                at: workload.createdAt.millisecondsSince1970,
                in: db
            )
            if let idempotency {
                try SQLiteIdempotencyRepository.insert(idempotency, db)
            }
        }
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
                    db,
                    sql: "SELECT name FROM workloads WHERE project = ? AND deleted_at IS NULL",
                    arguments: [project]
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
        return try await database.committer.write(announcing: [.workloads, .outboxWork]) { db -> Workload? in
            guard var row = try Self.live(db, project: project, name: name) else { return nil }
            let milliseconds = date.millisecondsSince1970
            row.desiredState = Workload.DesiredState.absent.rawValue
            row.syncState = Workload.SyncState.pending.rawValue
            row.status = LegacyJobStatus.terminating
            row.deletedAt = milliseconds
            row.updatedAt = milliseconds
            row.revision += 1
            try row.update(db)
            let reference = ["namespace": row.namespace, "name": row.name]
            let payload = String(decoding: try JSONEncoder().encode(reference), as: UTF8.self)
            try OutboxRow.enqueue(.delete, workloadID: row.id, payload: payload, at: milliseconds, in: db)
            return row.workload
        }
    }

    @discardableResult
    public func update(id: String, _ change: @Sendable (inout Workload) -> Void) async throws -> Workload? {
        // A no-op update (status sync seeing what it already recorded) writes nothing, so polls stay cached.
        try await database.write(announcing: .workloads) { db -> Workload? in
            guard let row = try WorkloadRow.fetchOne(db, key: id) else { return nil }
            let before = row.workload
            var after = before
            change(&after)
            guard after != before else { return before }
            after.revision = before.revision + 1
            after.updatedAt = Date()
            try WorkloadRow(after).update(db)
            return after
        }
    }

    public func enqueueApply(id: String, at date: Date) async throws {
        try await database.committer.write(announcing: [.workloads, .outboxWork]) { db in
            guard var row = try WorkloadRow.fetchOne(db, key: id), row.deletedAt == nil else { return }
            let milliseconds = date.millisecondsSince1970
            row.syncState = Workload.SyncState.pending.rawValue
            row.updatedAt = milliseconds
            row.revision += 1
            try row.update(db)
            try OutboxRow.enqueue(.apply, workloadID: row.id, payload: row.desiredObject, at: milliseconds, in: db)
        }
    }

    public func discard(id: String, error: String, at date: Date) async throws {
        try await database.committer.write(announcing: .workloads) { db in
            let milliseconds = date.millisecondsSince1970
            try db.execute(
                sql: """
                    UPDATE workloads SET status = ?, sync_state = ?, desired_state = ?,
                        last_error = ?, deleted_at = COALESCE(deleted_at, ?), updated_at = ?, revision = revision + 1
                    WHERE id = ?
                    """,
                arguments: [
                    LegacyJobStatus.failed, Workload.SyncState.failed.rawValue, Workload.DesiredState.absent.rawValue,
                    error, milliseconds, milliseconds, id,
                ]
            )
            try db.execute(
                sql: "UPDATE outbox SET state = ?, last_error = ?, completed_at = ? WHERE workload_id = ? AND state = ?",
                arguments: [
                    OutboxEntry.State.failed.rawValue, error, milliseconds, id, OutboxEntry.State.pending.rawValue,
                ]
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
