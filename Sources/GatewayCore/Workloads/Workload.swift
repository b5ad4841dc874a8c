import Foundation

/// A legacy inference workload as the gateway keeps it: the request it came from, the
/// Cluster-API object it became, and the status last seen in the cluster.
public struct Workload: Sendable, Equatable, Identifiable {
    /// Whether the workload should exist in the cluster.
    public enum DesiredState: String, Sendable, Codable, CaseIterable {
        case present
        case absent
    }

    /// How far the cluster has caught up with ``desiredState``.
    public enum SyncState: String, Sendable, Codable, CaseIterable {
        /// A push is queued and has not succeeded yet.
        case pending
        /// The cluster holds what the gateway asked for.
        case synced
        /// The last push was given up after its attempts ran out; ``Workload/lastError`` says why.
        case failed
        /// The object is gone from the cluster after a delete.
        case deleted
    }

    /// The legacy job id (a UUID), stable for the workload's life.
    public var id: String
    /// The legacy project.
    public var project: String
    /// The legacy job name, which is also the Kubernetes object name.
    public var name: String
    /// The Kubernetes namespace of the object.
    public var namespace: String
    /// The display user (`RA-USER`, or the user of the caller's token).
    public var username: String?
    /// The legacy `job` object exactly as received (for a template submit, its equivalent job), as JSON text.
    public var legacyRequest: String
    /// The translated `InferenceWorkload`, as JSON text.
    public var desiredObject: String
    /// Whether the workload should exist in the cluster.
    public var desiredState: DesiredState
    /// How far the cluster has caught up.
    public var syncState: SyncState
    /// The object's `metadata.uid` in the cluster, once pushed.
    public var clusterUID: String?
    /// The object's last seen `metadata.resourceVersion`.
    public var clusterResourceVersion: String?
    /// The legacy status shown to callers (`Pending`, `Running`, …).
    public var status: String
    /// Nodes the workload runs on.
    public var nodes: [String]
    /// GPUs requested by the workload.
    public var requestedGPUs: Double
    /// GPUs allocated to the workload right now.
    public var allocatedGPUs: Double
    /// The URL the workload is served at, once known.
    public var connectionURL: String?
    /// The last error met while pushing, if any.
    public var lastError: String?
    /// Bumped on every change; the basis of ETags.
    public var revision: Int
    /// When the workload was submitted.
    public var createdAt: Date
    /// When the record last changed.
    public var updatedAt: Date
    /// When the workload was deleted through the legacy API, if it was.
    public var deletedAt: Date?
    /// The template it was submitted from (`{"template": …}`); `nil` for a `{"job": …}` submit.
    public var template: JobTemplateReference?
    /// Set once the object was handed over (``WorkloadHandover``): the record then keeps its last
    /// known view and the gateway neither pushes nor syncs it.
    public var handover: WorkloadHandover?

    /// Creates a workload record.
    public init(
        id: String,
        project: String,
        name: String,
        namespace: String,
        username: String?,
        legacyRequest: String,
        desiredObject: String,
        desiredState: DesiredState = .present,
        syncState: SyncState = .pending,
        clusterUID: String? = nil,
        clusterResourceVersion: String? = nil,
        status: String = "Pending",
        nodes: [String] = [],
        requestedGPUs: Double = 0,
        allocatedGPUs: Double = 0,
        connectionURL: String? = nil,
        lastError: String? = nil,
        revision: Int = 1,
        createdAt: Date,
        updatedAt: Date,
        deletedAt: Date? = nil,
        template: JobTemplateReference? = nil,
        handover: WorkloadHandover? = nil
    ) {
        self.id = id
        self.project = project
        self.name = name
        self.namespace = namespace
        self.username = username
        self.legacyRequest = legacyRequest
        self.desiredObject = desiredObject
        self.desiredState = desiredState
        self.syncState = syncState
        self.clusterUID = clusterUID
        self.clusterResourceVersion = clusterResourceVersion
        self.status = status
        self.nodes = nodes
        self.requestedGPUs = requestedGPUs
        self.allocatedGPUs = allocatedGPUs
        self.connectionURL = connectionURL
        self.lastError = lastError
        self.revision = revision
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deletedAt = deletedAt
        self.template = template
        self.handover = handover
    }
}
