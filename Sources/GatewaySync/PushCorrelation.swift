import Synchronization

/// Which request queued a workload's push, so the relay's log line of that push names the
/// request id the legacy call was answered with (`X-Request-Id`).
///
/// The HTTP layer runs each request with ``requestID`` bound; a submit or delete notes its
/// workloads before committing (so a push that follows at once finds them). Kept in memory, the
/// latest few thousand: a push replayed after a restart is logged without a request id.
public final class PushCorrelation: Sendable {
    /// The id of the request the current task serves, if any.
    @TaskLocal public static var requestID: String?

    private struct State {
        var byWorkload: [String: String] = [:]
        var order: [String] = []
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// Creates an empty correlation keeping the latest `capacity` workloads.
    public init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// Notes that the current request (``requestID``) queues a push of `workloadID`; a no-op outside a request.
    public func note(workloadID: String) {
        guard let id = Self.requestID else { return }
        state.withLock { state in
            if state.byWorkload.updateValue(id, forKey: workloadID) == nil { state.order.append(workloadID) }
            if state.order.count > capacity {
                let dropped = state.order.count - capacity
                for old in state.order.prefix(dropped) { state.byWorkload.removeValue(forKey: old) }
                state.order.removeFirst(dropped)
            }
        }
    }

    /// The id of the request that last queued a push of `workloadID`, if known.
    public func requestID(of workloadID: String) -> String? {
        state.withLock { $0.byWorkload[workloadID] }
    }
}
