import Foundation
import GRDB
import GatewayCore

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
