import GRDB
import Synchronization

/// Watch events written by the transaction under way, published to the hub once it commits.
///
/// Store writes go through the gateway's group committer: several writes share one transaction,
/// each in its own savepoint. A write that fails rolls back its savepoint alone, so its events
/// are dropped here while the others' are kept; on commit the rest are published in
/// resourceVersion order (the order they were written in), on rollback none is.
final class PendingEvents: Sendable {
    private struct State {
        var events: [StoredEvent] = []
        /// Whether the current transaction already has the hook that publishes them.
        var hooked = false
    }

    private let state = Mutex(State())

    /// A position to roll back to (see ``discard(from:)``).
    var mark: Int { state.withLock { $0.events.count } }

    /// Adds `event`, and on the transaction's first event, the hook that publishes to `hub`.
    func add(_ event: StoredEvent, in db: Database, publishingTo hub: WatchHub) {
        let needsHook = state.withLock { state in
            state.events.append(event)
            defer { state.hooked = true }
            return !state.hooked
        }
        guard needsHook else { return }
        db.afterNextTransaction(
            onCommit: { _ in
                for event in self.takeAll() { hub.publish(event) }
            },
            onRollback: { _ in _ = self.takeAll() }
        )
    }

    /// Drops the events added since `mark`: their savepoint rolled back.
    func discard(from mark: Int) {
        state.withLock { state in
            if mark < state.events.count { state.events.removeSubrange(mark...) }
        }
    }

    private func takeAll() -> [StoredEvent] {
        state.withLock { state in
            defer { state = State() }
            return state.events
        }
    }
}
