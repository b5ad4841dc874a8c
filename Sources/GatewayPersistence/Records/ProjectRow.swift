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
