import Foundation
import GRDB
import GatewayCore

/// The `outbox` table. Maps to ``OutboxEntry``.
struct OutboxRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "outbox"

    var id: Int64?
    var workloadId: String
    var operation: String
    var payload: String
    var state: String
    var attempts: Int
    var nextAttemptAt: Int64
    var lastError: String?
    var createdAt: Int64
    var completedAt: Int64?

    enum CodingKeys: String, CodingKey {
        case id
        case workloadId = "workload_id"
        case operation, payload, state, attempts
        case nextAttemptAt = "next_attempt_at"
        case lastError = "last_error"
        case createdAt = "created_at"
        case completedAt = "completed_at"
    }

    /// Queues a new pending entry of `workloadID`, due at `milliseconds`: the one place an outbox
    /// row is made.
    static func enqueue(
        _ operation: OutboxEntry.Operation,
        workloadID: String,
        payload: String,
        at milliseconds: Int64,
        in db: Database
    ) throws {
        var row = OutboxRow(
            id: nil,
            workloadId: workloadID,
            operation: operation.rawValue,
            payload: payload,
            state: OutboxEntry.State.pending.rawValue,
            attempts: 0,
            nextAttemptAt: milliseconds,
            lastError: nil,
            createdAt: milliseconds,
            completedAt: nil
        )
        try row.insert(db)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var entry: OutboxEntry {
        OutboxEntry(
            id: id ?? 0,
            workloadID: workloadId,
            operation: OutboxEntry.Operation(rawValue: operation) ?? .apply,
            payload: payload,
            state: OutboxEntry.State(rawValue: state) ?? .pending,
            attempts: attempts,
            nextAttemptAt: Date(millisecondsSince1970: nextAttemptAt),
            lastError: lastError,
            createdAt: Date(millisecondsSince1970: createdAt),
            completedAt: completedAt.map(Date.init(millisecondsSince1970:))
        )
    }
}
