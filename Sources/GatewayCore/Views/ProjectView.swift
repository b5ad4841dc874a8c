/// A project as `GET /api/v1/projects` shows it (the swagger's `api.Project`).
public struct ProjectView: Codable, Sendable, Equatable {
    /// The project name.
    public var name: String
    /// When the project was recorded, in milliseconds since 1970.
    public var createdAt: Int64
    /// GPUs the project is guaranteed.
    public var deservedGpus: Double
    /// The time limit of interactive jobs; `0`, none (this gateway runs no interactive jobs).
    public var interactiveJobTimeLimitSecs: Int
    /// Node types training jobs may use.
    public var trainNodeAffinity: [String]
    /// Node types interactive jobs may use.
    public var interactiveNodeAffinity: [String]
    /// The department; `""` when none.
    public var departmentName: String
    /// The project's namespace.
    public var managedNamespace: String

    /// The view of a project: its one node affinity list serves as both legacy lists.
    public init(project: Project) {
        self.name = project.name
        self.createdAt = project.createdAt.millisecondsSince1970
        self.deservedGpus = project.deservedGPUs
        self.interactiveJobTimeLimitSecs = 0
        self.trainNodeAffinity = project.nodeAffinity
        self.interactiveNodeAffinity = project.nodeAffinity
        self.departmentName = project.department ?? ""
        self.managedNamespace = project.namespace
    }
}
