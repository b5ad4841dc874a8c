import KubernetesClient

/// What became of a workload's first push, for a submit that waits to hear.
public enum PushOutcome: Sendable, Equatable {
    /// The cluster accepted the object.
    case pushed
    /// The cluster refused the object for good (admission, quota, invalid object).
    case rejected(code: Int, reason: String?, message: String)
    /// The cluster could not be reached or asked to wait: the push is queued and will be retried.
    case deferred(message: String)
}

/// Hands push outcomes from the relay to submits waiting for them, keyed by workload id.
///
/// An outcome published before its submit started waiting is kept (the latest few thousand),
/// so a push faster than the submit's return is not missed.
public actor PushOutcomes {
    private var waiters: [String: [CheckedContinuation<PushOutcome?, Never>]] = [:]
    private var recent: [String: PushOutcome] = [:]
    private var recentOrder: [String] = []
    private let recentCapacity = 4096

    /// Creates an empty registry.
    public init() {}

    /// Waits at most `timeout` for the outcome of the next push of `workloadID`.
    /// - Returns: the outcome, or `nil` when none arrived in time.
    public func wait(for workloadID: String, timeout: Duration) async -> PushOutcome? {
        if let outcome = recent.removeValue(forKey: workloadID) {
            return outcome
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.publish(nil, for: workloadID)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            waiters[workloadID, default: []].append(continuation)
        }
    }

    /// Publishes an outcome to everyone waiting for `workloadID`; a no-op when nobody waits.
    public func publish(_ outcome: PushOutcome?, for workloadID: String) {
        guard let waiting = waiters.removeValue(forKey: workloadID) else {
            if let outcome { remember(outcome, for: workloadID) }
            return
        }
        for continuation in waiting { continuation.resume(returning: outcome) }
    }

    private func remember(_ outcome: PushOutcome, for workloadID: String) {
        if recent.updateValue(outcome, forKey: workloadID) == nil {
            recentOrder.append(workloadID)
        }
        if recentOrder.count > recentCapacity {
            let dropped = recentOrder.prefix(recentOrder.count - recentCapacity)
            for id in dropped { recent.removeValue(forKey: id) }
            recentOrder.removeFirst(dropped.count)
        }
    }
}
