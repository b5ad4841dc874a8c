import GRDB
import Synchronization

/// Batches concurrent writes into shared transactions ("group commit").
///
/// Each write runs inside its own savepoint of a shared `BEGIN IMMEDIATE` transaction, so one
/// failing write (a duplicate name, say) rolls back alone while the others commit. A caller
/// returns only after the transaction holding its write committed: with `synchronous=FULL`,
/// nothing is acknowledged before it is on disk. Under load one fsync serves many writes;
/// alone, a write costs what a plain transaction costs.
///
/// No background task: the first waiting caller commits the next batch (the writes queued so
/// far, its own first) and, when done, hands the lead to the oldest write still queued.
///
/// Once a transaction committed, and before any of its callers returns, it tells the database's
/// ``SQLiteChangeFeed`` what its writes announced (``StoreChanges``): only writes whose savepoint
/// committed and that changed a row count.
public actor GroupCommitter {
    /// One queued write. Touched only on the actor.
    private final class Ticket {
        let work: @Sendable (Database) throws -> any Sendable
        let announces: StoreChanges
        var result: Result<any Sendable, any Error>?
        var continuation: CheckedContinuation<Void, Never>?

        init(_ work: @escaping @Sendable (Database) throws -> any Sendable, announcing announces: StoreChanges) {
            self.work = work
            self.announces = announces
        }

        func wake() {
            continuation?.resume()
            continuation = nil
        }
    }

    private let writer: any DatabaseWriter
    private let storage: StorageHealth?
    private let changes: SQLiteChangeFeed?
    private let maximumBatchSize: Int
    private var queue: [Ticket] = []
    private var leading = false
    private var metrics: CommitMetrics?

    /// Transactions committed so far, and the writes they carried (for tests and metrics).
    public private(set) var statistics = Statistics()

    /// Counters of the committer.
    public struct Statistics: Sendable, Equatable {
        /// Transactions run (committed or rolled back whole).
        public var transactions = 0
        /// Writes carried by those transactions.
        public var writes = 0
    }

    /// Creates a committer over `writer`, committing at most `maximumBatchSize` writes at once.
    /// - Parameters:
    ///   - storage: told of writes refused for lack of space (which then fail with
    ///     ``StoreError/Code/storageFull``) and of commits that succeed.
    ///   - changes: told what each committed transaction's writes announced.
    public init(
        writer: any DatabaseWriter,
        storage: StorageHealth? = nil,
        changes: SQLiteChangeFeed? = nil,
        maximumBatchSize: Int = 256
    ) {
        self.writer = writer
        self.storage = storage
        self.changes = changes
        self.maximumBatchSize = maximumBatchSize
    }

    /// Records each transaction's size and duration in `metrics` from now on.
    public func instrument(_ metrics: CommitMetrics) {
        self.metrics = metrics
    }

    /// Runs `work` in a savepoint of the next shared transaction and returns its value once
    /// that transaction committed.
    /// - Parameter announcing: what the store's change feed announces after the commit when
    ///   `work` changed a row.
    /// - Throws: what `work` threw (its changes are rolled back), ``StoreError`` with code
    ///   `storageFull` when the storage has no room for the transaction, or the commit's error.
    public func write<T: Sendable>(
        announcing: StoreChanges = [],
        _ work: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        let value = try await enqueue(announcing: announcing, work)
        // A write went through while the storage counted as full: find out whether it has room again.
        if storage?.isFull == true { await probeStorage() }
        return value
    }

    /// Pages the database's size limit (`max_page_count`) must leave free for a probe to succeed.
    static let probeRoomPages = 64

    /// While the storage is full: one small durable write, at most once per `interval` and only
    /// when the disk has regained ``StorageHealth/recoveryMargin``, that succeeds only when the
    /// database's size limit leaves room too. Its success makes the storage available again.
    /// - Returns: whether the storage is full after the probe.
    @discardableResult
    public func probeStorage(interval: Duration = .seconds(1)) async -> Bool {
        guard let storage else { return false }
        guard storage.shouldProbe(interval: interval) else { return storage.isFull }
        do {
            try await enqueue(announcing: []) { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                let limit = try Int.fetchOne(db, sql: "PRAGMA max_page_count") ?? Int.max
                guard limit - pages >= Self.probeRoomPages else {
                    throw StoreError.storageFull("the database reached its size limit (max_page_count \(limit))")
                }
                // Rewriting the schema's user version dirties one page: a real commit that changes nothing.
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                try db.execute(sql: "PRAGMA user_version = \(version)")
            }
            storage.recordRecovered()
        } catch {
            // Still full; recorded by `report`.
        }
        return storage.isFull
    }

    private func enqueue<T: Sendable>(
        announcing: StoreChanges,
        _ work: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        let ticket = Ticket(work, announcing: announcing)
        queue.append(ticket)
        while ticket.result == nil {
            if leading {
                await withCheckedContinuation { ticket.continuation = $0 }
                continue
            }
            leading = true
            let batch = Array(queue.prefix(maximumBatchSize))
            queue.removeFirst(batch.count)
            let started = ContinuousClock.now
            let outcomes = report(await commit(batch))
            metrics?.record(writes: batch.count, duration: ContinuousClock.now - started)
            statistics.transactions += 1
            statistics.writes += batch.count
            for (queued, outcome) in zip(batch, outcomes) {
                queued.result = outcome
                queued.wake()
            }
            leading = false
            queue.first?.wake()
        }
        guard let value = try ticket.result?.get() as? T else {
            preconditionFailure("a group-committed write returned a value of another type")
        }
        return value
    }

    /// Maps a full disk's errors to ``StoreError/Code/storageFull`` and tells ``storage``.
    private func report(_ outcomes: [Result<any Sendable, any Error>]) -> [Result<any Sendable, any Error>] {
        guard let storage else { return outcomes }
        var full: StoreError?
        let mapped = outcomes.map { outcome in
            outcome.mapError { error in
                let mapped = StoreError.mapping(error, health: storage)
                if let store = mapped as? StoreError, store.code == .storageFull { full = store }
                return mapped
            }
        }
        if let full { storage.recordFull(full) }
        return mapped
    }

    private func commit(_ batch: [Ticket]) async -> [Result<any Sendable, any Error>] {
        let works = batch.map { ($0.work, $0.announces) }
        let writer = self.writer
        let abort = AbortCause()
        // An unstructured task: the leader's request may be cancelled (its client went away),
        // and that must not fail the other callers' writes riding in the same transaction.
        let transaction = Task {
            try await writer.write { db -> (outcomes: [Result<any Sendable, any Error>], changed: StoreChanges) in
                // What the writes that committed their savepoint and changed a row announce.
                var changed: StoreChanges = []
                let outcomes = works.map { (work, announces) -> Result<any Sendable, any Error> in
                    // SQLite rolls the whole transaction back on some errors (SQLITE_FULL among
                    // them): the writes after it must not run, or each would commit on its own.
                    if let cause = abort.cause { return .failure(cause) }
                    // What the write threw: GRDB reports a transaction SQLite abandoned as
                    // SQLITE_ABORT, which hides the cause (a full disk, say).
                    var thrown: (any Error)?
                    // Whether the write changed a row: a cheap counter of SQLite's, no observer.
                    let before = announces.isEmpty ? 0 : db.totalChangesCount
                    let result = Result { () throws -> any Sendable in
                        var value: any Sendable = ()
                        try db.inSavepoint {
                            do {
                                value = try work(db)
                            } catch {
                                thrown = error
                                throw error
                            }
                            return .commit
                        }
                        return value
                    }
                    guard case .failure(let error) = result else {
                        if !announces.isEmpty && db.totalChangesCount != before { changed.formUnion(announces) }
                        return result
                    }
                    if !db.isInsideTransaction { abort.cause = thrown ?? error }
                    return .failure(thrown ?? error)
                }
                return (outcomes, changed)
            }
        }
        do {
            let (outcomes, changed) = try await transaction.value
            // Committed: announce before any caller returns.
            if !changed.isEmpty { changes?.committed(changed) }
            return outcomes
        } catch {
            // The transaction's own error ("aborted") hides its cause when a write caused it.
            return Array(repeating: .failure(abort.cause ?? error), count: batch.count)
        }
    }
}

/// The error that made SQLite abandon a shared transaction, set on the writer's thread and read
/// after the transaction returned.
private final class AbortCause: Sendable {
    private let stored = Mutex<(any Error)?>(nil)

    var cause: (any Error)? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
