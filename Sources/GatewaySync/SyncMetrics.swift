import GatewayCore
import Metrics

/// The relay's metrics: pushes by operation and outcome, and how long each took.
///
/// Every handle is made once, here; a push only picks one by its operation and outcome.
public struct PushMetrics: Sendable {
    /// What became of one push attempt.
    public enum Outcome: String, Sendable, CaseIterable {
        /// The cluster took it.
        case pushed
        /// It will be retried.
        case deferred
        /// It was given up.
        case failed
    }

    private let counters: [[Counter]]
    private let timers: [[Timer]]

    /// Handles from `factory` (`gateway_push_total`, `gateway_push_duration_seconds`); none recorded by default.
    public init(factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        let operations: [OutboxEntry.Operation] = [.apply, .delete]
        counters = operations.map { operation in
            Outcome.allCases.map { outcome in
                Counter(
                    label: "gateway_push_total",
                    dimensions: [("operation", operation.rawValue), ("outcome", outcome.rawValue)],
                    factory: factory
                )
            }
        }
        timers = operations.map { operation in
            Outcome.allCases.map { outcome in
                Timer(
                    label: "gateway_push_duration_seconds",
                    dimensions: [("operation", operation.rawValue), ("outcome", outcome.rawValue)],
                    factory: factory
                )
            }
        }
    }

    /// Counts one push of `operation` that ended as `outcome` after `duration`.
    public func record(_ operation: OutboxEntry.Operation, _ outcome: Outcome, duration: Duration) {
        let row = operation == .apply ? 0 : 1
        let column = outcome == .pushed ? 0 : outcome == .deferred ? 1 : 2
        counters[row][column].increment()
        timers[row][column].record(duration: duration)
    }
}

/// Status sync's metrics: relists, watch restarts by reason, and the lag from an event's arrival
/// to its status being stored.
public struct StatusSyncMetrics: Sendable {
    /// Why a watch was opened again.
    public enum RestartReason: String, Sendable, CaseIterable {
        /// The watch's `timeoutSeconds` ran out, or the server closed it cleanly.
        case timeout
        /// `410 Expired`: the resource version is too old, and status sync lists again.
        case expired
        /// The stream broke or the cluster could not be reached.
        case error
    }

    private let relists: Counter
    private let restarts: [Counter]
    private let lag: Timer

    /// Handles from `factory`; none recorded by default.
    public init(factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        relists = Counter(label: "gateway_status_sync_relists_total", factory: factory)
        restarts = RestartReason.allCases.map {
            Counter(label: "gateway_status_sync_watch_restarts_total", dimensions: [("reason", $0.rawValue)], factory: factory)
        }
        lag = Timer(label: "gateway_status_sync_lag_seconds", factory: factory)
    }

    /// Counts one full list.
    func relisted() {
        relists.increment()
    }

    /// Records the lag of a batch of watch events whose oldest arrived at `arrival`, now applied.
    func applied(since arrival: ContinuousClock.Instant) {
        lag.record(duration: ContinuousClock.now - arrival)
    }

    /// Counts one watch opened again for `reason`.
    func restarted(_ reason: RestartReason) {
        restarts[RestartReason.allCases.firstIndex(of: reason) ?? 0].increment()
    }
}
