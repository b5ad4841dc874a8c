import Metrics

/// The group committer's metrics: writes per transaction and how long each transaction took.
public struct CommitMetrics: Sendable {
    let batchWrites: Recorder
    let duration: Timer

    /// Handles from `factory` (`gateway_group_commit_batch_writes`, `gateway_group_commit_duration_seconds`).
    public init(factory: any MetricsFactory) {
        batchWrites = Recorder(label: "gateway_group_commit_batch_writes", dimensions: [], aggregate: true, factory: factory)
        duration = Timer(label: "gateway_group_commit_duration_seconds", factory: factory)
    }

    func record(writes: Int, duration elapsed: Duration) {
        batchWrites.record(writes)
        duration.record(duration: elapsed)
    }
}
