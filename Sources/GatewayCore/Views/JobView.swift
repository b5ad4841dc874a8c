import Foundation

/// A job as the legacy list and get endpoints show it (the swagger's `api.JobView`).
///
/// Strings the legacy service always sent are never `null` here: an unknown user or URL is `""`.
public struct JobView: Codable, Sendable, Equatable {
    /// The job's id (a UUID).
    public var id: String
    /// The job name.
    public var name: String
    /// The project.
    public var project: String
    /// The display user.
    public var user: String
    /// The legacy status (`Pending`, `Running`, …).
    public var status: String
    /// Always `Inference` for jobs of this gateway.
    public var type: String
    /// The container image.
    public var images: String
    /// The nodes the job runs on.
    public var nodes: [String]
    /// When the job was submitted, in milliseconds since 1970.
    public var createdAt: Int64
    /// GPUs allocated now.
    public var currentAllocatedGPUs: Double
    /// Where the job is served, once known.
    public var connectionUrl: String
    /// Always `false`: inference jobs are not notebooks.
    public var isJupyter: Bool
    /// Always `false`: inference jobs are not MPI jobs.
    public var isMpi: Bool
    /// The template the job was submitted from; absent for a `{"job": …}` submit.
    public var template: JobTemplateReference?

    /// The `type` of every job this gateway serves.
    public static let inferenceType = "Inference"

    /// Creates a view from its parts.
    public init(
        id: String,
        name: String,
        project: String,
        user: String,
        status: String,
        images: String,
        nodes: [String],
        createdAt: Int64,
        currentAllocatedGPUs: Double,
        connectionUrl: String
    ) {
        self.id = id
        self.name = name
        self.project = project
        self.user = user
        self.status = status
        self.type = Self.inferenceType
        self.images = images
        self.nodes = nodes
        self.createdAt = createdAt
        self.currentAllocatedGPUs = currentAllocatedGPUs
        self.connectionUrl = connectionUrl
        self.isJupyter = false
        self.isMpi = false
    }

    /// The view of a stored workload; the image comes from its translated object.
    public init(workload: Workload) {
        let object = try? InferenceWorkload(jsonData: Data(workload.desiredObject.utf8))
        self.init(
            id: workload.id,
            name: workload.name,
            project: workload.project,
            user: workload.username ?? "",
            status: workload.status,
            images: object?.spec.image?.value ?? "",
            nodes: workload.nodes,
            createdAt: workload.createdAt.millisecondsSince1970,
            currentAllocatedGPUs: workload.allocatedGPUs,
            connectionUrl: workload.connectionURL ?? ""
        )
        template = workload.template
    }
}
