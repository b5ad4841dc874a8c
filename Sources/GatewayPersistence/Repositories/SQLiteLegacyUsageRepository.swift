import Foundation
import GRDB
import GatewayCore

/// ``LegacyUsageRepository`` over the gateway's SQLite database.
public struct SQLiteLegacyUsageRepository: LegacyUsageRepository {
    let database: GatewayDatabase

    /// Creates a repository over `database`.
    public init(database: GatewayDatabase) {
        self.database = database
    }

    public func days(_ filter: LegacyUsageFilter) async throws -> [LegacyUsageDay] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let client = filter.client {
            conditions.append("client = ?")
            arguments += [client]
        }
        if let endpoint = filter.endpoint {
            conditions.append("endpoint = ?")
            arguments += [endpoint]
        }
        if let from = filter.from {
            conditions.append("day >= ?")
            arguments += [from]
        }
        if let to = filter.to {
            conditions.append("day <= ?")
            arguments += [to]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM legacy_usage_daily \(whereClause) ORDER BY day, client, endpoint"
        let bound = arguments
        return try await database.writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map(LegacyUsageDay.init(row:))
        }
    }

    /// Counts `entries` in their days' rollups, inside the caller's transaction (the one writing
    /// their audit rows). Entries without an endpoint or a client are not counted.
    static func count(_ entries: [AuditEntry], in db: Database) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO legacy_usage_daily
                    (day, client, endpoint, calls, errors, first_seen, last_seen, last_project, last_workload)
                VALUES (date(?1 / 1000, 'unixepoch'), ?2, ?3, 1, ?4, ?1, ?1, ?5, ?6)
                ON CONFLICT (day, client, endpoint) DO UPDATE SET
                    calls = calls + 1,
                    errors = errors + excluded.errors,
                    first_seen = min(first_seen, excluded.first_seen),
                    last_seen = max(last_seen, excluded.last_seen),
                    last_project = CASE WHEN excluded.last_workload IS NOT NULL AND excluded.last_seen >= last_seen
                        THEN excluded.last_project ELSE last_project END,
                    last_workload = CASE WHEN excluded.last_workload IS NOT NULL AND excluded.last_seen >= last_seen
                        THEN excluded.last_workload ELSE last_workload END
                """
        )
        for entry in entries {
            guard let endpoint = entry.endpoint, let client = entry.client else { continue }
            try upsert.execute(arguments: [
                entry.at.millisecondsSince1970, client, endpoint, entry.status >= 400 ? 1 : 0,
                entry.workload == nil ? nil : entry.project, entry.workload,
            ])
        }
    }
}
