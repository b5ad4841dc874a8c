import Foundation

/// The daily rollups of legacy calls per client and endpoint, written with the audit log (see
/// ``SQLiteAuditLogRepository``) and read by the migration usage report.
public protocol LegacyUsageRepository: Sendable {
    /// The rollup rows the filter selects, ordered by day, client and endpoint.
    func days(_ filter: LegacyUsageFilter) async throws -> [LegacyUsageDay]
}
