import Synchronization

/// Whether status sync has listed every scope it follows at least once: until then the store's
/// view of the cluster may be stale, and `/readyz` says so.
public final class StatusSyncProgress: Sendable {
    private struct State {
        var expected: Int?
        var listed: Set<String> = []
        var reachable: Bool?
    }

    private let state = Mutex(State())

    /// Creates the progress of a status sync that has listed nothing yet.
    public init() {}

    /// Whether every scope was listed at least once.
    public var firstListDone: Bool {
        state.withLock { state in
            guard let expected = state.expected else { return false }
            return state.listed.count >= expected
        }
    }

    /// Whether the cluster answered status sync's last request: `nil` before the first.
    public var clusterReachable: Bool? { state.withLock { $0.reachable } }

    /// The cluster answered (or failed to answer) a list or watch.
    func reached(_ reachable: Bool) {
        state.withLock { $0.reachable = reachable }
    }

    /// Status sync follows `count` scopes.
    func expect(scopes count: Int) {
        state.withLock { $0.expected = count }
    }

    /// The scope `namespace` (all namespaces when `nil`) was listed.
    func listed(_ namespace: String?) {
        state.withLock { state in
            state.listed.insert(namespace ?? "*")
            state.reachable = true
        }
    }
}
