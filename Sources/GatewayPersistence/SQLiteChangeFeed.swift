import Synchronization

/// ``StoreChangeFeed`` of one ``GatewayDatabase``: moved by an observer of the database's writer
/// connection right after a transaction that touched `workloads`, `projects` or the outbox's work
/// committed (``CommitObserver``), whichever repository or caller wrote it.
///
/// Only writes through this database's writer are seen: another process, or another
/// ``GatewayDatabase`` opened on the same file, writes unseen (the relay's idle poll still finds
/// its outbox entries).
public final class SQLiteChangeFeed: StoreChangeFeed {
    private struct Waiters {
        var next: UInt64 = 0
        var waiting: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    private let workloads = ChangeCounter()
    private let outbox = ChangeCounter()
    private let waiters = Mutex(Waiters())

    init() {}

    public var workloadsRevision: Int { workloads.current }

    public var outboxRevision: Int { outbox.current }

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

    /// Called on the writer's thread once a transaction committed, with what it touched.
    func committed(workloads touchedWorkloads: Bool, outbox touchedOutbox: Bool) {
        if touchedWorkloads { workloads.bump() }
        guard touchedOutbox else { return }
        // Bumped under the lock a waiter checks the revision under: it either sees the new
        // revision or is registered, and so resumed here.
        let woken = waiters.withLock { state -> [CheckedContinuation<Void, Never>] in
            outbox.bump()
            defer { state.waiting.removeAll(keepingCapacity: true) }
            return Array(state.waiting.values)
        }
        for continuation in woken { continuation.resume() }
    }
}
