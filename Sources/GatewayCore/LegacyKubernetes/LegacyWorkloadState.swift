import Foundation

/// What is known of a workload's life, for the `status` (and server-set `metadata`) of its
/// Deployment and Service views: the record's legacy status, what the cluster last reported, and
/// the generation the API layer keeps for the Deployment.
public struct LegacyWorkloadState: Sendable, Equatable {
    /// `metadata.uid` (the record's id).
    public var uid: String?
    /// `metadata.resourceVersion`.
    public var resourceVersion: String?
    /// `metadata.creationTimestamp` (RFC 3339).
    public var creationTimestamp: String?
    /// When the status last changed (RFC 3339): the conditions' transition time.
    public var updatedTimestamp: String?
    /// `metadata.generation` of the Deployment: bumped by the API layer on each spec change.
    public var generation: Int64
    /// The generation the status describes; ``generation`` when `nil` (the record is in step).
    public var observedGeneration: Int64?
    /// The legacy status (`Pending`, `Running`, `ImagePullBackOff`, `Failed`, …).
    public var status: String
    /// Ready replicas reported by the cluster; when `nil`, all while `Running`, none otherwise.
    public var readyReplicas: Int?
    /// Why the workload cannot run when the gateway gave up pushing it (the record's last error).
    public var failure: String?
    /// The message the cluster gives with its status (`Back-off pulling image "…"`), if any.
    public var clusterMessage: String?
    /// The URL the cluster reports the workload is served at.
    public var connectionURL: String?
    /// The Service's cluster address, when the cluster reports one.
    public var clusterIP: String?

    /// Creates a state; every field but ``status`` defaults to unknown.
    public init(status: String, generation: Int64 = 1) {
        self.status = status
        self.generation = generation
    }

    /// The state of a stored workload, with what the cluster last reported when `cluster` is the
    /// `InferenceWorkload` read from it (`status.readyReplicas`, `status.clusterIP`, the Ready
    /// condition's message).
    public init(record: Workload, cluster: JSONValue? = nil, generation: Int64 = 1) {
        self.init(status: record.status, generation: generation)
        uid = record.id
        resourceVersion = String(record.revision)
        creationTimestamp = Self.timestamp(record.createdAt)
        updatedTimestamp = Self.timestamp(record.updatedAt)
        if record.syncState == .failed { failure = record.lastError ?? "the cluster refused the InferenceWorkload" }
        connectionURL = record.connectionURL
        let status = cluster?["status"]
        readyReplicas = status?["readyReplicas"]?.integerValue.map { Int($0) }
        clusterIP = status?["clusterIP"]?.stringValue
        clusterMessage = status?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }?["message"]?.stringValue
    }

    /// RFC 3339 in UTC, whole seconds, as Kubernetes writes times.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return
            "\(String(format: "%04d", parts.year ?? 1970))-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))Z"
    }

    /// Statuses after which the workload will not become available without a change: the
    /// Deployment reports `Progressing` `False` with `ProgressDeadlineExceeded`, which ends
    /// `kubectl rollout status` with an error.
    public static let failingStatuses: Set<String> = [
        LegacyJobStatus.failed, LegacyJobStatus.succeeded, LegacyJobStatus.deleted, LegacyJobStatus.preempted,
        LegacyJobStatus.timedOut, "Error", "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CrashLoopBackOff",
        "ContainerCannotRun", "CreateContainerConfigError", "Init:Error", "Init:CrashLoopBackOff",
    ]

    /// Whether the workload serves.
    public var isRunning: Bool { failure == nil && status == LegacyJobStatus.running }

    /// Whether it will not become available without a change (see ``failingStatuses``).
    public var isFailing: Bool { failure != nil || Self.failingStatuses.contains(status) }
}
