import Foundation
import GRDB
import GatewayCore

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
            // The daily usage rollups, in the same transaction: they never disagree with the log.
            try SQLiteLegacyUsageRepository.count(entries, in: db)
        }
    }

    public func prune(before date: Date) async throws -> Int {
        try await database.committer.write { db in
            try db.execute(sql: "DELETE FROM audit_log WHERE at < ?", arguments: [date.millisecondsSince1970])
            return db.changesCount
        }
    }

    public func recent(limit: Int) async throws -> [AuditEntry] {
        try await database.writer.read { db in
            try AuditRow.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map(\.entry)
        }
    }
}
