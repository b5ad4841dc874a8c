import Foundation
import GRDB
import GatewayCore

extension GatewayDatabase {
    /// What `/metrics` shows of the store, read when scraped.
    public struct Statistics: Sendable, Equatable {
        /// Outbox entries waiting to be pushed.
        public var pendingOutboxEntries: Int
        /// When the oldest of them was written; `nil` when none waits.
        public var oldestPendingOutboxEntry: Date?
        /// The database's pages plus its write-ahead log, in bytes.
        public var sizeBytes: Int64
    }

    /// Reads the outbox's depth, its oldest pending entry and the database's size: two indexed
    /// queries and one `stat` of the write-ahead log.
    public func statistics() async throws -> Statistics {
        let pending = OutboxEntry.State.pending.rawValue
        let (count, oldest, pages) = try await writer.read { db -> (Int, Int64?, Int64) in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE state = ?", arguments: [pending])
            let pageCount = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return (row?[0] ?? 0, row?[1], pageCount * pageSize)
        }
        var wal: Int64 = 0
        if let path, let attributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal") {
            wal = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        }
        return Statistics(
            pendingOutboxEntries: count,
            oldestPendingOutboxEntry: oldest.map(Date.init(millisecondsSince1970:)),
            sizeBytes: pages + wal
        )
    }
}
