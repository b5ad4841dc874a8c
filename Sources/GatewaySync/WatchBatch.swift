import GatewayCore
import KubernetesClient
import Synchronization

/// The events of a watch not yet applied, newest per object: a reader adds them as they arrive,
/// the status sync takes them all at once and applies them together.
///
/// A watch delivers changes as fast as the cluster makes them; applying one is a durable
/// write. Reading and applying in one loop let a busy cluster queue its events in the client
/// without bound and applied them one commit at a time. Here the reader never waits for the
/// store, later changes to an object replace earlier ones still waiting, and a batch is
/// applied concurrently, so its writes share group commits. What waits is bounded by the number
/// of objects watched.
final class WatchBatch: Sendable {
    private struct State {
        var order: [String] = []
        var latest: [String: WatchEvent<JSONValue>] = [:]
        /// The resourceVersion of the last event added: where a new watch resumes.
        var lastVersion: String?
        /// When the oldest event not yet taken arrived.
        var firstArrival: ContinuousClock.Instant?
        var finished = false
        var failure: (any Error)?
        var waiter: CheckedContinuation<Void, Never>?
    }

    /// One batch: the newest event per object, in the order objects first changed.
    struct Events {
        var events: [WatchEvent<JSONValue>]
        /// The resourceVersion of the newest event taken.
        var resourceVersion: String?
        /// When the oldest of the events arrived (status sync's lag is measured from it).
        var firstArrival = ContinuousClock.now
    }

    private let state = Mutex(State())

    /// Adds an event, replacing a waiting one for the same object.
    func add(_ event: WatchEvent<JSONValue>) {
        let metadata = event.object["metadata"]
        let key = "\(metadata?["namespace"]?.stringValue ?? "")/\(metadata?["name"]?.stringValue ?? "")"
        let now = ContinuousClock.now
        let waiter = state.withLock { state in
            if state.firstArrival == nil { state.firstArrival = now }
            if state.latest.updateValue(event, forKey: key) == nil { state.order.append(key) }
            state.lastVersion = event.resourceVersion ?? metadata?["resourceVersion"]?.stringValue ?? state.lastVersion
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Marks the watch as ended, with the error that ended it, if any.
    func finish(throwing failure: (any Error)? = nil) {
        let waiter = state.withLock { state in
            state.finished = true
            state.failure = failure
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Everything added since the last call, waiting for at least one event.
    /// - Returns: `nil` once the watch ended and every event was taken.
    /// - Throws: the error that ended the watch, after the events before it were taken.
    func take() async throws -> Events? {
        while true {
            let (taken, finished, failure) = state.withLock { state in
                var taken = Events(events: state.order.compactMap { state.latest[$0] }, resourceVersion: state.lastVersion)
                taken.firstArrival = state.firstArrival ?? taken.firstArrival
                state.firstArrival = nil
                state.order.removeAll(keepingCapacity: true)
                state.latest.removeAll(keepingCapacity: true)
                return (taken, state.finished, state.failure)
            }
            if !taken.events.isEmpty { return taken }
            if finished {
                if let failure { throw failure }
                return nil
            }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state in
                    if !state.order.isEmpty || state.finished { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }
}
