import Foundation
import GatewayCore

/// The audit log of legacy calls.
public protocol AuditLogRepository: Sendable {
    /// Appends entries, in one transaction.
    func record(_ entries: [AuditEntry]) async throws

    /// Forgets entries written before `date` (the daily usage rollups stay); returns how many.
    func prune(before date: Date) async throws -> Int

    /// The latest entries, newest first.
    func recent(limit: Int) async throws -> [AuditEntry]
}
