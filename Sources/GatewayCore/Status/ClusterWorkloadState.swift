import Foundation

/// What the cluster says about one workload, as far as the legacy status depends on it.
///
/// Built from an ``InferenceWorkload`` read from the cluster (``init(workload:)``) or field by field.
public struct ClusterWorkloadState: Sendable, Equatable {
    /// One status condition (`type`, `status`, `reason`).
    public struct Condition: Sendable, Equatable {
        /// The condition type (`Ready`, `Failed`, …).
        public var type: String
        /// `True`, `False` or `Unknown`.
        public var status: String
        /// A machine-readable reason, if any.
        public var reason: String?

        /// Creates a condition.
        public init(type: String, status: String, reason: String? = nil) {
            self.type = type
            self.status = status
            self.reason = reason
        }
    }

    /// The annotation Run:ai writes with the status it computed.
    public static let calculatedStatusAnnotation = "runai-calculated-status"
    /// The annotation set to `"true"` when the scheduler cannot place the workload.
    public static let unschedulableAnnotation = "unschedulable"
    /// The annotation with the number of running pods.
    public static let runningPodsAnnotation = "runai-running-pods"
    /// The annotation with the number of pending pods.
    public static let pendingPodsAnnotation = "runai-pending-pods"
    /// The annotation with the nodes in use, comma-separated.
    public static let usedNodesAnnotation = "runai-used-nodes"

    /// The object's annotations.
    public var annotations: [String: String]
    /// The status conditions.
    public var conditions: [Condition]
    /// Whether a delete is under way (`metadata.deletionTimestamp` is set).
    public var isDeleting: Bool
    /// Running pods, if known (else read from ``runningPodsAnnotation``).
    public var runningPods: Int?
    /// Pending pods, if known (else read from ``pendingPodsAnnotation``).
    public var pendingPods: Int?
    /// The kubectl-style status of the last pod (`ContainerCreating`, `CrashLoopBackOff`, …), if known.
    public var lastPodStatus: String?
    /// The phase the controller reports in `status.phase` (`Pending`, `Running`, `Failed`, …), if any.
    public var phase: String?

    /// Creates a state.
    public init(
        annotations: [String: String] = [:],
        conditions: [Condition] = [],
        isDeleting: Bool = false,
        runningPods: Int? = nil,
        pendingPods: Int? = nil,
        lastPodStatus: String? = nil,
        phase: String? = nil
    ) {
        self.annotations = annotations
        self.conditions = conditions
        self.isDeleting = isDeleting
        self.runningPods = runningPods
        self.pendingPods = pendingPods
        self.lastPodStatus = lastPodStatus
        self.phase = phase
    }

    /// Reads the state of a workload from the cluster: annotations, `status.conditions`, `status.phase`,
    /// `status.runningPods`/`status.pendingPods` (or the `runai-…-pods` annotations), `status.lastPodStatus`.
    public init(workload: InferenceWorkload) {
        self.init(
            annotations: workload.metadata.annotations ?? [:],
            isDeleting: workload.metadata.deletionTimestamp != nil,
            status: workload.status
        )
    }

    /// Reads the same from any JSON object as the cluster returned it, however partial (a watch
    /// event, an object without spec); what is missing counts as unknown.
    public init(object: JSONValue) {
        var annotations: [String: String] = [:]
        for (key, value) in object["metadata"]?["annotations"]?.objectValue ?? [:] {
            if let text = value.stringValue { annotations[key] = text }
        }
        let deletion = object["metadata"]?["deletionTimestamp"]
        self.init(annotations: annotations, isDeleting: deletion != nil && deletion != .null, status: object["status"])
    }

    private init(annotations: [String: String], isDeleting: Bool, status: JSONValue?) {
        var conditions: [Condition] = []
        for item in status?["conditions"]?.arrayValue ?? [] {
            guard let type = item["type"]?.stringValue, let value = item["status"]?.stringValue else { continue }
            conditions.append(Condition(type: type, status: value, reason: item["reason"]?.stringValue))
        }
        self.init(
            annotations: annotations,
            conditions: conditions,
            isDeleting: isDeleting,
            runningPods: status?["runningPods"]?.integerValue.map { Int($0) }
                ?? annotations[Self.runningPodsAnnotation].flatMap { Int($0) },
            pendingPods: status?["pendingPods"]?.integerValue.map { Int($0) }
                ?? annotations[Self.pendingPodsAnnotation].flatMap { Int($0) },
            lastPodStatus: status?["lastPodStatus"]?.stringValue,
            phase: status?["phase"]?.stringValue
        )
    }

    /// The nodes in use, from ``usedNodesAnnotation``.
    public var usedNodes: [String] {
        (annotations[Self.usedNodesAnnotation] ?? "").split(separator: ",").map {
            String($0).trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }
}
