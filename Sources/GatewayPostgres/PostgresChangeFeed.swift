import GatewayPersistence
import Logging
import PostgresNIO
import Synchronization

/// ``StoreChangeFeed`` of a PostgreSQL store shared by several replicas.
///
/// Every announcing transaction sends `NOTIFY inference_gateway_changes, '<what>'` inside itself;
/// PostgreSQL delivers it to every listener once the transaction committed. The feed keeps one
/// connection listening and bumps its counters as notifications arrive, so a poll cache on any
/// replica rebuilds and a relay waiting for work wakes, whichever replica wrote. This replica's
/// own commits bump the counters too, before the write returns (a poll right after a submit on
/// the same replica sees it without waiting for the notification).
///
/// While the listening connection is down, writes of other replicas go unheard: each time it
/// (re)connects, both counters move once, so that whatever was missed is read again.
public final class PostgresChangeFeed: StoreChangeFeed {
    private struct Waiters {
        var next: UInt64 = 0
        var waiting: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    private let workloads = ChangeCounter()
    private let outbox = ChangeCounter()
    private let waiters = Mutex(Waiters())
    private let listening = Atomic<Bool>(false)

    init() {}

    public var workloadsRevision: Int { workloads.current }

    public var outboxRevision: Int { outbox.current }

    /// Whether the listening connection is up (it has run `LISTEN`).
    public var isListening: Bool { listening.load(ordering: .acquiring) }

    @discardableResult
    public func outboxWork(after revision: Int) async -> Int {
        let id = waiters.withLock { state in
            state.next += 1
            return state.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = waiters.withLock { state -> Bool in
                    if outbox.current > revision || Task.isCancelled { return true }
                    state.waiting[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            waiters.withLock { $0.waiting.removeValue(forKey: id) }?.resume()
        }
        return outbox.current
    }

    /// Records a committed change, this replica's or another's.
    func committed(_ changes: StoreChanges) {
        if changes.contains(.workloads) { workloads.bump() }
        guard changes.contains(.outboxWork) else { return }
        let woken = waiters.withLock { state -> [CheckedContinuation<Void, Never>] in
            outbox.bump()
            defer { state.waiting.removeAll(keepingCapacity: true) }
            return Array(state.waiting.values)
        }
        for continuation in woken { continuation.resume() }
    }

    /// The notification's payload for `changes`: `workloads`, `outbox` or `workloads,outbox`.
    static func payload(_ changes: StoreChanges) -> String {
        var words: [String] = []
        if changes.contains(.workloads) { words.append("workloads") }
        if changes.contains(.outboxWork) { words.append("outbox") }
        return words.joined(separator: ",")
    }

    /// What a notification's payload announces; an unknown word announces everything.
    static func changes(ofPayload payload: String) -> StoreChanges {
        var changes: StoreChanges = []
        for word in payload.split(separator: ",") {
            switch word {
            case "workloads": changes.insert(.workloads)
            case "outbox": changes.insert(.outboxWork)
            default: changes.formUnion([.workloads, .outboxWork])
            }
        }
        return changes
    }

    /// Listens until cancelled, reconnecting after a lost connection (at most every two seconds).
    func follow(_ client: PostgresClient, logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: PostgresStore.channel) { notifications in
                        listening.store(true, ordering: .releasing)
                        // Whatever other replicas wrote while no connection listened is read again.
                        committed([.workloads, .outboxWork])
                        for try await notification in notifications {
                            committed(Self.changes(ofPayload: notification.payload))
                        }
                    }
                }
            } catch {
                if Task.isCancelled { break }
                logger.debug("the change feed's listening connection failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            listening.store(false, ordering: .releasing)
            try? await Task.sleep(for: .seconds(2))
        }
        listening.store(false, ordering: .releasing)
    }
}
