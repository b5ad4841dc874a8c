import Foundation

/// A workload whose `InferenceWorkload` the gateway handed over: the object keeps running, the
/// gateway no longer writes it, and status sync no longer reads it into the record.
public struct WorkloadHandover: Sendable, Equatable {
    /// The object's Cluster-API path, e.g.
    /// `/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads/inf1`.
    public var objectPath: String
    /// When the gateway let go of it.
    public var at: Date

    /// Creates a handover mark.
    public init(objectPath: String, at: Date) {
        self.objectPath = objectPath
        self.at = at
    }
}
