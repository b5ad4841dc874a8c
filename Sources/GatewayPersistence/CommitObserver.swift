import GRDB

/// Watches the writer connection's transactions and tells ``SQLiteChangeFeed`` what each committed
/// one touched.
///
/// GRDB reports row changes only for statements this observer says it observes (other statements,
/// such as the audit log's inserts, cost one check of their kind), holds back those made inside a
/// savepoint until it is released (a group-committed write that fails rolls its savepoint back,
/// and its changes are never reported), and stops reporting for the rest of a transaction once
/// both kinds of change were seen. Nothing is announced for a transaction that rolls back.
final class CommitObserver: TransactionObserver {
    /// The outbox table; an insert, or an update of ``nextAttemptColumn``, is work for the relay.
    static let outboxTable = "outbox"
    /// The column that says when an outbox entry is due.
    static let nextAttemptColumn = "next_attempt_at"

    private let feed: SQLiteChangeFeed
    private var touchedWorkloads = false
    private var touchedOutbox = false

    init(feed: SQLiteChangeFeed) {
        self.feed = feed
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        // Both already seen in this transaction: the rest of it has nothing to tell. (Deletions
        // are always answered the same: GRDB asks about them once, when it compiles a statement.)
        let seenBoth = touchedWorkloads && touchedOutbox
        switch eventKind {
        case .insert(let table):
            return !seenBoth && (Self.isWorkloadTable(table) || table == Self.outboxTable)
        case .delete(let table):
            return Self.isWorkloadTable(table)
        case .update(let table, let columns):
            return !seenBoth
                && (Self.isWorkloadTable(table) || (table == Self.outboxTable && columns.contains(Self.nextAttemptColumn)))
        }
    }

    /// Whether changes of `table` move the workloads revision: cached legacy answers carry the
    /// workloads and their project's namespace. Compared as strings, not hashed: every statement
    /// of the writer (thousands of audit inserts in one flush) asks.
    static func isWorkloadTable(_ table: String) -> Bool {
        table == "workloads" || table == "projects"
    }

    func databaseDidChange(with event: DatabaseEvent) {
        // Only observed statements report events: an outbox event is work.
        if event.tableName == Self.outboxTable {
            touchedOutbox = true
        } else {
            touchedWorkloads = true
        }
        if touchedWorkloads && touchedOutbox { stopObservingDatabaseChangesUntilNextTransaction() }
    }

    func databaseDidChange() {
        // A change GRDB could not attribute (`Database.notifyChanges(in:)`): assume both.
        touchedWorkloads = true
        touchedOutbox = true
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        let (workloads, outbox) = (touchedWorkloads, touchedOutbox)
        touchedWorkloads = false
        touchedOutbox = false
        if workloads || outbox { feed.committed(workloads: workloads, outbox: outbox) }
    }

    func databaseDidRollback(_ db: Database) {
        touchedWorkloads = false
        touchedOutbox = false
    }
}
