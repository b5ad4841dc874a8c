import Foundation
import GRDB
import GatewayCore

/// The `workloads` table, one row per legacy job. Maps to ``Workload``.
struct WorkloadRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "workloads"

    var id: String
    var project: String
    var name: String
    var namespace: String
    var username: String?
    var legacyRequest: String
    var desiredObject: String
    var desiredState: String
    var syncState: String
    var clusterUid: String?
    var clusterResourceVersion: String?
    var status: String
    var nodes: String
    var requestedGpus: Double
    var allocatedGpus: Double
    var connectionUrl: String?
    var lastError: String?
    var revision: Int
    var createdAt: Int64
    var updatedAt: Int64
    var deletedAt: Int64?
    /// The template reference as JSON text (migration 0004); `NULL` for a `{"job": …}` submit.
    var template: String?
    /// The handed-over object's path and time (migration 0006); `NULL` while the gateway manages it.
    var handedOverTo: String?
    var handedOverAt: Int64?

    enum CodingKeys: String, CodingKey {
        case id, project, name, namespace, username
        case legacyRequest = "legacy_request"
        case desiredObject = "desired_object"
        case desiredState = "desired_state"
        case syncState = "sync_state"
        case clusterUid = "cluster_uid"
        case clusterResourceVersion = "cluster_resource_version"
        case status, nodes
        case requestedGpus = "requested_gpus"
        case allocatedGpus = "allocated_gpus"
        case connectionUrl = "connection_url"
        case lastError = "last_error"
        case revision
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case deletedAt = "deleted_at"
        case template
        case handedOverTo = "handed_over_to"
        case handedOverAt = "handed_over_at"
    }

    init(_ workload: Workload) {
        id = workload.id
        project = workload.project
        name = workload.name
        namespace = workload.namespace
        username = workload.username
        legacyRequest = workload.legacyRequest
        desiredObject = workload.desiredObject
        desiredState = workload.desiredState.rawValue
        syncState = workload.syncState.rawValue
        clusterUid = workload.clusterUID
        clusterResourceVersion = workload.clusterResourceVersion
        status = workload.status
        nodes = Self.encodeList(workload.nodes)
        requestedGpus = workload.requestedGPUs
        allocatedGpus = workload.allocatedGPUs
        connectionUrl = workload.connectionURL
        lastError = workload.lastError
        revision = workload.revision
        createdAt = workload.createdAt.millisecondsSince1970
        updatedAt = workload.updatedAt.millisecondsSince1970
        deletedAt = workload.deletedAt?.millisecondsSince1970
        template = workload.template?.jsonText
        handedOverTo = workload.handover?.objectPath
        handedOverAt = workload.handover?.at.millisecondsSince1970
    }

    var workload: Workload {
        Workload(
            id: id,
            project: project,
            name: name,
            namespace: namespace,
            username: username,
            legacyRequest: legacyRequest,
            desiredObject: desiredObject,
            desiredState: Workload.DesiredState(rawValue: desiredState) ?? .present,
            syncState: Workload.SyncState(rawValue: syncState) ?? .pending,
            clusterUID: clusterUid,
            clusterResourceVersion: clusterResourceVersion,
            status: status,
            nodes: Self.decodeList(nodes),
            requestedGPUs: requestedGpus,
            allocatedGPUs: allocatedGpus,
            connectionURL: connectionUrl,
            lastError: lastError,
            revision: revision,
            createdAt: Date(millisecondsSince1970: createdAt),
            updatedAt: Date(millisecondsSince1970: updatedAt),
            deletedAt: deletedAt.map(Date.init(millisecondsSince1970:)),
            template: template.flatMap(JobTemplateReference.init(jsonText:)),
            handover: handedOverTo.map { WorkloadHandover(objectPath: $0, at: Date(millisecondsSince1970: handedOverAt ?? 0)) }
        )
    }

    static func encodeList(_ list: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(list), as: UTF8.self)) ?? "[]"
    }

    static func decodeList(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
