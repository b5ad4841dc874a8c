import Foundation
import GatewayCore

/// What an `InferenceWorkload` in the cluster means for its legacy record: status, nodes,
/// allocated GPUs and the URL it serves at. Pure.
///
/// The legacy status comes from ``LegacyStatusMapper`` (the Run:ai CLI's order).
public struct ClusterObservation: Sendable, Equatable {
    /// The legacy status (`Pending`, `Running`, `ImagePullBackOff`, `Succeeded`, …).
    public var status: String
    /// Nodes the workload runs on.
    public var nodes: [String]
    /// GPUs allocated now: the requested GPUs per replica times ready replicas, while running.
    public var allocatedGPUs: Double
    /// The URL the workload is served at, once known.
    public var connectionURL: String?

    /// Reads an observation from an object as the cluster returned it.
    public init(object: JSONValue) {
        let annotations = object["metadata"]?["annotations"]
        let status = object["status"]
        let state = ClusterWorkloadState(object: object)
        self.status = LegacyStatusMapper.status(for: state)
        self.nodes = status?["nodes"]?.arrayValue?.compactMap(\.stringValue) ?? state.usedNodes

        let ready = status?["readyReplicas"]?.doubleValue ?? (self.status == LegacyJobStatus.running ? 1 : 0)
        let perReplica = Self.number(object["spec"]?["gpu"]?["value"]) ?? 0
        if let allocated = Self.number(status?["allocatedGPUs"]) {
            self.allocatedGPUs = allocated
        } else {
            self.allocatedGPUs = self.status == LegacyJobStatus.running ? perReplica * ready : 0
        }

        self.connectionURL =
            status?["url"]?.stringValue ?? status?["address"]?["url"]?.stringValue
            ?? annotations?["runai-service-url"]?.stringValue
    }

    /// A number given as a JSON number or a numeric string (GPU fractions are strings).
    static func number(_ value: JSONValue?) -> Double? {
        guard let value else { return nil }
        if let double = value.doubleValue { return double }
        return value.stringValue.flatMap(Double.init)
    }
}
