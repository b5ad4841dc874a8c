import Foundation
import GRDB
import GatewayCore

/// A row of the `audit_log` table, as read back. Maps to ``AuditEntry``; writes go through one
/// cached `INSERT` statement in ``SQLiteAuditLogRepository``.
struct AuditRow: Decodable, FetchableRecord, TableRecord {
    static let databaseTableName = "audit_log"

    var at: Int64
    var principal: String
    var displayUser: String?
    var method: String
    var path: String
    var status: Int
    var requestId: String?
    var project: String?
    var workload: String?
    var userAgent: String?

    enum CodingKeys: String, CodingKey {
        case at, principal
        case displayUser = "display_user"
        case method, path, status
        case requestId = "request_id"
        case project, workload
        case userAgent = "user_agent"
    }

    var entry: AuditEntry {
        AuditEntry(
            at: Date(millisecondsSince1970: at),
            principal: principal,
            displayUser: displayUser,
            method: method,
            path: path,
            status: status,
            requestID: requestId,
            project: project,
            workload: workload,
            userAgent: userAgent
        )
    }
}
