/// What the store announces after its transactions commit, so that no caller has to.
///
/// A store moves ``workloadsRevision`` after every committed transaction that changed workload or
/// project records, and ``outboxRevision`` after every committed transaction that queued outbox
/// work (a new entry, or an entry's next attempt moved). A transaction that rolls back moves
/// neither. Both only grow; their values mean nothing across processes or restarts.
///
/// The SQLite store (``SQLiteChangeFeed``) announces its own commits; a PostgreSQL store can
/// implement it with `LISTEN`/`NOTIFY`, bumping its counters as notifications arrive.
///
/// ```swift
/// var seen = changes.outboxRevision
/// while true {
///     drainTheOutbox()
///     seen = await changes.outboxWork(after: seen)
/// }
/// ```
public protocol StoreChangeFeed: Sendable {
    /// The revision of workload and project records: readers that cache something derived from
    /// them (the encoded list a dashboard polls) keep the revision they built it at and rebuild
    /// once it moved.
    var workloadsRevision: Int { get }

    /// The revision of the outbox's work: it moves once a transaction that queued a push committed.
    var outboxRevision: Int { get }

    /// Waits until ``outboxRevision`` is past `revision`, or the task is cancelled.
    /// - Returns: ``outboxRevision`` when the wait ended.
    @discardableResult
    func outboxWork(after revision: Int) async -> Int
}
