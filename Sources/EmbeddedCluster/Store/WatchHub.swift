import GatewayCore
import Synchronization

/// Fans committed changes out to the watches of one ``ClusterStore``.
///
/// ``publish(_:)`` runs on the database writer's queue right after each commit, so every
/// subscriber receives changes in resourceVersion order.
final class WatchHub: Sendable {
    private let subscribers = Mutex<[ObjectIdentifier: WatchSubscriber]>([:])
    /// The encoded lines of recent changes, shared by the watches.
    let frames = WatchFrameCache()

    init() {}

    func add(_ subscriber: WatchSubscriber) {
        subscribers.withLock { $0[ObjectIdentifier(subscriber)] = subscriber }
    }

    func remove(_ id: ObjectIdentifier) {
        _ = subscribers.withLock { $0.removeValue(forKey: id) }
    }

    /// How many watches are open.
    var count: Int {
        subscribers.withLock { $0.count }
    }

    func publish(_ event: StoredEvent) {
        let targets = subscribers.withLock { Array($0.values) }
        for subscriber in targets {
            subscriber.receive(event)
        }
    }
}

/// What a watch selects, and how a stored change looks to it (selector entry and exit become
/// ADDED and DELETED, as in the apiserver's watch cache).
struct WatchFilter: Sendable {
    var kind: ResourceKind
    var namespace: String?
    var labels: LabelSelector
    var fields: FieldSelector

    /// Whether the object with this store key is of the watched kind, namespace and fields.
    func inScope(namespace: String, storageName: String, object: JSONValue) -> Bool {
        guard let name = kind.objectName(ofStorageName: storageName) else { return false }
        return (self.namespace == nil || self.namespace == namespace) && fields.matches(namespace: namespace, name: name, object: object)
    }

    func translate(_ event: StoredEvent) -> WatchEvent? {
        guard inScope(namespace: event.namespace, storageName: event.name, object: event.object) else { return nil }
        let matchesNow = labels.matches(object: event.object)
        switch event.type {
        case .added:
            return matchesNow ? .added(event.object) : nil
        case .deleted:
            return matchesNow ? .deleted(event.object) : nil
        case .modified:
            let matchedBefore = event.previous.map { labels.matches(object: $0) } ?? false
            switch (matchedBefore, matchesNow) {
            case (true, true): return .modified(event.object)
            case (false, true): return .added(event.object)
            case (true, false):
                var last = event.previous ?? event.object
                last[path: ["metadata", "resourceVersion"]] = .string(String(event.resourceVersion))
                return .deleted(last)
            case (false, false): return nil
            }
        }
    }
}

/// One watch's end of the hub: buffers live changes while the watch catches up on history,
/// then forwards them, and inserts bookmarks on request.
final class WatchSubscriber: Sendable {
    private enum Phase {
        case catchingUp([StoredEvent])
        case live
        case finished
    }

    private struct State {
        var phase: Phase = .catchingUp([])
        /// The resourceVersion every change up to which was considered.
        var progress: Int64 = 0
        /// Events handed to the stream so far.
        var yielded = 0
    }

    let filter: WatchFilter
    let allowBookmarks: Bool
    private let continuation: AsyncStream<WatchEvent>.Continuation
    private let state = Mutex(State())

    init(filter: WatchFilter, allowBookmarks: Bool, continuation: AsyncStream<WatchEvent>.Continuation) {
        self.filter = filter
        self.allowBookmarks = allowBookmarks
        self.continuation = continuation
    }

    /// A committed change (called by the hub, in resourceVersion order).
    func receive(_ event: StoredEvent) {
        state.withLock { state in
            switch state.phase {
            case .catchingUp(var buffer):
                buffer.append(event)
                state.phase = .catchingUp(buffer)
            case .live:
                deliver(event, &state)
            case .finished:
                break
            }
        }
    }

    /// Sends `initial` (history or the initial state, already translated), then the changes
    /// after `resourceVersion` that arrived meanwhile, and goes live.
    func catchUp(with initial: [WatchEvent], through resourceVersion: Int64) {
        state.withLock { state in
            guard case .catchingUp(let buffer) = state.phase else { return }
            state.phase = .live
            state.progress = resourceVersion
            for event in initial where !yield(event, &state) { return }
            for event in buffer { deliver(event, &state) }
        }
    }

    /// Sends one error and ends the watch.
    func fail(_ error: KubeStatusError) {
        state.withLock { state in
            state.phase = .finished
            continuation.yield(.error(error))
            continuation.finish()
        }
    }

    func requestBookmark() {
        state.withLock { state in
            guard allowBookmarks, case .live = state.phase else { return }
            _ = yield(.bookmark(resourceVersion: String(state.progress), initialEventsEnd: false), &state)
        }
    }

    /// Events handed to the stream so far: a reader that took fewer finds the rest waiting.
    var yieldedCount: Int {
        state.withLock { $0.yielded }
    }

    func finish() {
        state.withLock { state in
            state.phase = .finished
            continuation.finish()
        }
    }

    private func deliver(_ event: StoredEvent, _ state: inout State) {
        guard event.resourceVersion > state.progress else { return }
        state.progress = event.resourceVersion
        if let translated = filter.translate(event) { _ = yield(translated, &state) }
    }

    /// Yields one event; a full backlog ends the watch. Returns whether the watch goes on.
    private func yield(_ event: WatchEvent, _ state: inout State) -> Bool {
        if case .dropped = continuation.yield(event) {
            state.phase = .finished
            continuation.finish()
            return false
        }
        state.yielded += 1
        return true
    }
}
