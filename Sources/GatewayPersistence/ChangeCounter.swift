import Synchronization

/// A count of committed changes, in this process.
///
/// ``SQLiteChangeFeed`` keeps its revisions in counters it bumps once a transaction committed;
/// readers that cache something derived from the store keep the count they built it at and
/// rebuild only when it moved.
public final class ChangeCounter: Sendable {
    private let count = Atomic<Int>(0)

    /// Creates a counter at zero.
    public init() {}

    /// The number of changes committed so far.
    public var current: Int { count.load(ordering: .acquiring) }

    /// Records one more committed change.
    public func bump() {
        count.add(1, ordering: .releasing)
    }
}
