import Synchronization

/// Counts committed changes to workload and project records, in this process.
///
/// Readers that cache something derived from workloads (the encoded list a dashboard polls)
/// keep the count they built it at and rebuild only when it moved. Every repository write
/// that touches workloads or projects bumps it after its commit.
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
