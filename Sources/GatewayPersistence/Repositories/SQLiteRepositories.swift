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

/// ``AuditLogRepository`` over the gateway's SQLite database.
public struct SQLiteAuditLogRepository: AuditLogRepository {
    let database: GatewayDatabase

    /// Creates a repository over `database`.
    public init(database: GatewayDatabase) {
        self.database = database
    }

    public func record(_ entries: [AuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        // Through the group committer: the audit of a write shares its fsync with other writes.
        try await database.committer.write { db in
            // One cached statement for the batch: a flush can carry thousands of polls.
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO audit_log (at, principal, display_user, method, path, status, request_id, project, workload, user_agent)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            for entry in entries {
                try insert.execute(arguments: [
                    entry.at.millisecondsSince1970, entry.principal, entry.displayUser, entry.method, entry.path,
                    entry.status, entry.requestID, entry.project, entry.workload, entry.userAgent,
                ])
            }
        }
    }

    public func recent(limit: Int) async throws -> [AuditEntry] {
        try await database.writer.read { db in
            try AuditRow.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map(\.entry)
        }
    }
}

/// ``ProjectRepository`` over the gateway's SQLite database.
public struct SQLiteProjectRepository: ProjectRepository {
    let database: GatewayDatabase

    /// Creates a repository over `database`.
    public init(database: GatewayDatabase) {
        self.database = database
    }

    public func list() async throws -> [Project] {
        try await database.writer.read { db in
            try ProjectRow.fetchAll(db, sql: "SELECT * FROM projects ORDER BY name").map(\.project)
        }
    }

    public func find(name: String) async throws -> Project? {
        try BoundText.requireNoNUL(name)
        return try await database.writer.read { db in try ProjectRow.fetchOne(db, key: name)?.project }
    }

    public func upsert(_ projects: [Project]) async throws {
        for project in projects { try BoundText.requireNoNUL(project.name, project.namespace) }
        // Cached legacy answers carry their project's namespace, so a project change counts too.
        defer { database.workloadChanges.bump() }
        try await database.write { db in
            for project in projects { try ProjectRow(project).save(db) }
        }
    }
}

/// ``IdempotencyRepository`` over the gateway's SQLite database.
public struct SQLiteIdempotencyRepository: IdempotencyRepository {
    let database: GatewayDatabase

    /// Creates a repository over `database`.
    public init(database: GatewayDatabase) {
        self.database = database
    }

    public func find(principal: String, key: String) async throws -> IdempotencyRecord? {
        try await database.writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT * FROM idempotency_keys WHERE principal = ? AND key = ?",
                    arguments: [principal, key]
                )
            else { return nil }
            return IdempotencyRecord(
                principal: row["principal"],
                key: row["key"],
                requestHash: row["request_hash"],
                responseStatus: row["response_status"],
                responseBody: row["response_body"],
                workloadID: row["workload_id"],
                createdAt: Date(millisecondsSince1970: row["created_at"])
            )
        }
    }

    public func prune(before date: Date) async throws -> Int {
        try await database.write { db in
            try db.execute(
                sql: "DELETE FROM idempotency_keys WHERE created_at < ?",
                arguments: [date.millisecondsSince1970]
            )
            return db.changesCount
        }
    }

    static func insert(_ record: IdempotencyRecord, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO idempotency_keys
                    (principal, key, request_hash, response_status, response_body, workload_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.principal, record.key, record.requestHash, record.responseStatus, record.responseBody,
                record.workloadID, record.createdAt.millisecondsSince1970,
            ]
        )
    }
}
