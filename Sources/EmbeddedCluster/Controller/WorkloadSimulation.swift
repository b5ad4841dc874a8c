import Foundation
import GatewayCore

/// What the simulated controller makes of one `InferenceWorkload`: the pure part of
/// ``SimulatedController`` (no clock, no storage).
///
/// ## The status it writes
///
/// Annotations (`metadata.annotations`):
/// - `runai-calculated-status`: `Pending`, then `Running` or `ImagePullBackOff`; `Terminating`
///   once deletion started;
/// - `runai-used-nodes`: the nodes of the running replicas, comma-separated (only while Running);
/// - `runai-running-pods` / `runai-pending-pods`: replica counts as strings.
///
/// `status`:
/// ```json
/// {"phase": "Running",                      // "Pending" while scheduling and for ImagePullBackOff
///  "observedGeneration": 1,
///  "replicas": 2, "readyReplicas": 2,       // replicas = max(1, minScale) capped by maxScale
///  "url": "http://demo.ns1.svc.cluster.local",   // only while Running
///  "nodes": ["embedded-node-0", "embedded-node-1"],   // only while Running
///  "requestedGPUs": 1.0, "allocatedGPUs": 1.0,      // gpu × replicas; allocated only while Running
///  "conditions": [{"type": "Ready", "status": "True", "reason": "Running",
///                  "message": "…", "lastTransitionTime": "2026-01-01T00:00:00Z"}]}
/// ```
/// A failing workload keeps `phase: Pending`, `readyReplicas: 0`, and its Ready condition has
/// `reason: ImagePullBackOff` and `message: Back-off pulling image "<image>"`, as a pod would show.
public struct WorkloadSimulation: Sendable, Equatable {
    /// What the controller decided the workload is.
    public enum Phase: String, Sendable {
        /// Scheduling, pulling, starting.
        case pending = "Pending"
        /// Every replica ready.
        case running = "Running"
        /// The image cannot be pulled.
        case imagePullBackOff = "ImagePullBackOff"
    }

    /// `spec.image` (wrapped `{"value": …}` or plain).
    public var image: String
    /// The replica count the controller runs: `max(1, minScale)` capped by `maxScale`.
    public var replicas: Int64
    /// GPUs per replica (`spec.gpu`, a number or a numeric string).
    public var gpuPerReplica: Double

    /// Reads the spec of an object.
    public init(object: JSONValue) {
        let spec = object["spec"] ?? [:]
        func unwrap(_ key: String) -> JSONValue? {
            guard let value = spec[key] else { return nil }
            return value["value"] ?? (value.isObject ? nil : value)
        }
        image = unwrap("image")?.stringValue ?? ""
        let minScale = unwrap("minScale").flatMap(Self.integer) ?? 1
        let maxScale = unwrap("maxScale").flatMap(Self.integer)
        var replicas = max(1, minScale)
        if let maxScale, maxScale >= 1 { replicas = min(replicas, max(maxScale, 1)) }
        self.replicas = replicas
        gpuPerReplica = unwrap("gpu").flatMap { $0.doubleValue ?? $0.stringValue.flatMap(Double.init) } ?? 0
    }

    private static func integer(_ value: JSONValue) -> Int64? {
        value.integerValue ?? value.stringValue.flatMap { Int64($0) }
    }

    /// Whether a workload fails with `ImagePullBackOff`: its image contains `failingImagePattern`,
    /// or a stable hash of `namespace/name` falls within `failureShare` (0.0 – 1.0).
    public static func fails(
        namespace: String,
        name: String,
        image: String,
        failureShare: Double,
        failingImagePattern: String
    ) -> Bool {
        if !failingImagePattern.isEmpty, image.contains(failingImagePattern) { return true }
        guard failureShare > 0 else { return false }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(namespace)/\(name)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Double(hash % 10_000) / 10_000 < failureShare
    }

    /// The object with the controller's status for `phase` at its current generation.
    public func applying(
        _ phase: Phase,
        to object: JSONValue,
        nodeNames: [String],
        now: String
    ) -> JSONValue {
        var result = object
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        let namespace = object[path: ["metadata", "namespace"]]?.stringValue ?? ""
        let running = phase == .running
        let nodes = running ? Self.nodes(for: replicas, from: nodeNames) : []
        var annotations = object[path: ["metadata", "annotations"]]?.objectValue ?? [:]
        annotations["runai-calculated-status"] = .string(phase.rawValue)
        annotations["runai-running-pods"] = .string(String(running ? replicas : 0))
        annotations["runai-pending-pods"] = .string(String(running ? 0 : replicas))
        annotations["runai-used-nodes"] = running ? .string(nodes.joined(separator: ",")) : nil
        result[path: ["metadata", "annotations"]] = .object(annotations)
        let previous = object["status"]?["conditions"]?[0]
        let reason = phase.rawValue
        let transition = previous?["reason"]?.stringValue == reason ? (previous?["lastTransitionTime"] ?? .string(now)) : .string(now)
        let message: String
        switch phase {
        case .pending: message = "waiting for \(replicas) replica(s) to be scheduled and started"
        case .running: message = "\(replicas) of \(replicas) replica(s) ready"
        case .imagePullBackOff: message = "Back-off pulling image \"\(image)\""
        }
        var status: JSONValue = [
            "phase": .string(running ? "Running" : "Pending"),
            "observedGeneration": object[path: ["metadata", "generation"]] ?? 1,
            "replicas": .integer(replicas),
            "readyReplicas": .integer(running ? replicas : 0),
            "requestedGPUs": .double(gpuPerReplica * Double(replicas)),
            "allocatedGPUs": .double(running ? gpuPerReplica * Double(replicas) : 0),
            "conditions": [
                [
                    "type": "Ready", "status": running ? "True" : "False", "reason": .string(reason),
                    "message": .string(message), "lastTransitionTime": transition,
                ]
            ],
        ]
        if running {
            status["url"] = .string("http://\(name).\(namespace).svc.cluster.local")
            status["nodes"] = .array(nodes.map(JSONValue.string))
        }
        result["status"] = status
        return result
    }

    /// The nodes replicas land on, round-robin, without repeats.
    static func nodes(for replicas: Int64, from nodeNames: [String]) -> [String] {
        guard !nodeNames.isEmpty else { return [] }
        return Array(nodeNames.prefix(Int(min(Int64(nodeNames.count), max(replicas, 1)))))
    }
}
