import GRDB

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
public actor GroupCommitter {
    /// One queued write. Touched only on the actor.
    private final class Ticket {
        let work: @Sendable (Database) throws -> any Sendable
        var result: Result<any Sendable, any Error>?
        var continuation: CheckedContinuation<Void, Never>?

        init(_ work: @escaping @Sendable (Database) throws -> any Sendable) {
            self.work = work
        }

        func wake() {
            continuation?.resume()
            continuation = nil
        }
    }

    private let writer: any DatabaseWriter
    private let maximumBatchSize: Int
    private var queue: [Ticket] = []
    private var leading = false

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
    public init(writer: any DatabaseWriter, maximumBatchSize: Int = 256) {
        self.writer = writer
        self.maximumBatchSize = maximumBatchSize
    }

    /// Runs `work` in a savepoint of the next shared transaction and returns its value once
    /// that transaction committed.
    /// - Throws: what `work` threw (its changes are rolled back), or the commit's error.
    public func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let ticket = Ticket(work)
        queue.append(ticket)
        while ticket.result == nil {
            if leading {
                await withCheckedContinuation { ticket.continuation = $0 }
                continue
            }
            leading = true
            let batch = Array(queue.prefix(maximumBatchSize))
            queue.removeFirst(batch.count)
            let outcomes = await commit(batch)
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

    private func commit(_ batch: [Ticket]) async -> [Result<any Sendable, any Error>] {
        let works = batch.map(\.work)
        let writer = self.writer
        // An unstructured task: the leader's request may be cancelled (its client went away),
        // and that must not fail the other callers' writes riding in the same transaction.
        let transaction = Task {
            try await writer.write { db in
                works.map { work in
                    Result { () throws -> any Sendable in
                        var value: any Sendable = ()
                        try db.inSavepoint {
                            value = try work(db)
                            return .commit
                        }
                        return value
                    }
                }
            }
        }
        do {
            return try await transaction.value
        } catch {
            return Array(repeating: .failure(error), count: batch.count)
        }
    }
}
