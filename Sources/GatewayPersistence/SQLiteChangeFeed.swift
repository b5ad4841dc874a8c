import Synchronization

/// ``StoreChangeFeed`` of one ``GatewayDatabase``: moved by the database's own writes once the
/// transaction holding them committed (``GroupCommitter`` and ``GatewayDatabase/write(announcing:_:)``
/// announce what each write declared as ``StoreChanges``, when it changed a row), whichever
/// repository instance or caller wrote.
///
/// The store announces rather than observes: a GRDB transaction observer on the writer connection
/// puts GRDB's observation broker around every statement of every write (it measured a few per
/// cent of a submit write's CPU time in a debug build); the check here is one read of SQLite's
/// change counter before and after each write.
///
/// Only writes through this database are seen: another process, or another ``GatewayDatabase``
/// opened on the same file, writes unseen (the relay's idle poll still finds its outbox entries).
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

    /// Called once a transaction committed, before its writers return, with what they announced.
    func committed(_ changes: StoreChanges) {
        if changes.contains(.workloads) { workloads.bump() }
        guard changes.contains(.outboxWork) else { return }
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
