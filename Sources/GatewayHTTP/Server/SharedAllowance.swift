import Synchronization

/// A count shared by every connection of the server, with a ceiling: open connections, or bytes
/// of request bodies held in memory at once. Lock-free; safe from any event loop.
///
/// ```swift
/// let bodies = SharedAllowance(limit: 64 << 20)
/// guard bodies.reserve(chunk.readableBytes) else { return refuse() }
/// defer { bodies.release(chunk.readableBytes) }
/// ```
final class SharedAllowance: Sendable {
    /// The ceiling.
    let limit: Int
    private let used = Atomic<Int>(0)

    /// Creates an allowance of `limit` units, none in use.
    init(limit: Int) {
        self.limit = limit
    }

    /// Takes `amount` units if they fit under the ceiling; returns whether it did.
    func reserve(_ amount: Int = 1) -> Bool {
        var current = used.load(ordering: .relaxed)
        while true {
            guard current + amount <= limit else { return false }
            let (exchanged, original) = used.compareExchange(
                expected: current,
                desired: current + amount,
                ordering: .acquiringAndReleasing
            )
            if exchanged { return true }
            current = original
        }
    }

    /// Gives back `amount` units taken with ``reserve(_:)``.
    func release(_ amount: Int = 1) {
        guard amount > 0 else { return }
        used.subtract(amount, ordering: .acquiringAndReleasing)
    }

    /// The units in use now.
    var inUse: Int { used.load(ordering: .relaxed) }
}
