import Foundation
import GatewayCore

/// The audit log of legacy calls.
public protocol AuditLogRepository: Sendable {
    /// Appends entries, in one transaction.
    func record(_ entries: [AuditEntry]) async throws

    /// The latest entries, newest first.
    func recent(limit: Int) async throws -> [AuditEntry]
}
