import Foundation

/// A legacy project: the unit of ownership of workloads, mapped to one Kubernetes namespace.
public struct Project: Sendable, Equatable, Codable {
    /// Where a project came from.
    public enum Origin: String, Sendable, Codable {
        /// Listed in the gateway's configuration.
        case configured
        /// Created on its first submit, when no projects are configured.
        case automatic
    }

    /// The project name, as legacy callers use it.
    public var name: String
    /// The namespace its workloads live in.
    public var namespace: String
    /// GPUs the project is guaranteed.
    public var deservedGPUs: Double
    /// Node types the project's workloads may run on.
    public var nodeAffinity: [String]
    /// The department the project belongs to, if any.
    public var department: String?
    /// Where the project came from.
    public var origin: Origin
    /// When the project was first recorded.
    public var createdAt: Date

    /// Creates a project.
    public init(
        name: String,
        namespace: String,
        deservedGPUs: Double = 0,
        nodeAffinity: [String] = [],
        department: String? = nil,
        origin: Origin,
        createdAt: Date
    ) {
        self.name = name
        self.namespace = namespace
        self.deservedGPUs = deservedGPUs
        self.nodeAffinity = nodeAffinity
        self.department = department
        self.origin = origin
        self.createdAt = createdAt
    }
}
