import Foundation
import GRDB
import GatewayCore

/// The `projects` table. Maps to ``Project``.
struct ProjectRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "projects"

    var name: String
    var namespace: String
    var deservedGpus: Double
    var nodeAffinity: String
    var department: String?
    var origin: String
    var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case name, namespace
        case deservedGpus = "deserved_gpus"
        case nodeAffinity = "node_affinity"
        case department, origin
        case createdAt = "created_at"
    }

    init(_ project: Project) {
        name = project.name
        namespace = project.namespace
        deservedGpus = project.deservedGPUs
        nodeAffinity = WorkloadRow.encodeList(project.nodeAffinity)
        department = project.department
        origin = project.origin.rawValue
        createdAt = project.createdAt.millisecondsSince1970
    }

    var project: Project {
        Project(
            name: name,
            namespace: namespace,
            deservedGPUs: deservedGpus,
            nodeAffinity: WorkloadRow.decodeList(nodeAffinity),
            department: department,
            origin: Project.Origin(rawValue: origin) ?? .automatic,
            createdAt: Date(millisecondsSince1970: createdAt)
        )
    }
}

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
