/// The `metadata` of a Kubernetes object, as far as the gateway uses it.
public struct ObjectMetadata: Codable, Sendable, Equatable {
    /// The object name.
    public var name: String
    /// The namespace.
    public var namespace: String?
    /// Labels; omitted when empty.
    public var labels: [String: String]?
    /// Annotations; omitted when empty.
    public var annotations: [String: String]?
    /// Set by the API server.
    public var uid: String?
    /// Set by the API server; changes on every write.
    public var resourceVersion: String?
    /// Set by the API server; counts spec changes.
    public var generation: Int64?
    /// Set by the API server (RFC 3339).
    public var creationTimestamp: String?
    /// Set by the API server when a delete is under way (RFC 3339).
    public var deletionTimestamp: String?

    /// Creates metadata for a new object.
    public init(name: String, namespace: String?, labels: [String: String]? = nil, annotations: [String: String]? = nil) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }
}
