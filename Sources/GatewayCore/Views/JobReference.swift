/// One job named in a legacy delete: `{"name": "…", "project": "…"}`.
public struct JobReference: Codable, Sendable, Equatable, Hashable {
    /// The job name.
    public var name: String
    /// The project.
    public var project: String

    /// Creates a reference.
    public init(name: String, project: String) {
        self.name = name
        self.project = project
    }
}
