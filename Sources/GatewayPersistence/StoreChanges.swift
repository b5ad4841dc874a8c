/// What a write may change, for the store to announce once it committed (``StoreChangeFeed``).
///
/// A write declares it to the store (``GroupCommitter/write(announcing:_:)``,
/// ``GatewayDatabase/write(announcing:_:)``); the store announces it after the transaction holding
/// the write committed, and only when the write changed a row. A write that throws (its savepoint
/// or transaction rolled back) or changes nothing announces nothing.
public struct StoreChanges: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    /// Creates a set from its raw value.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Workload or project records: what cached legacy answers are built from.
    public static let workloads = StoreChanges(rawValue: 1 << 0)
    /// A push queued, or made due: work for the outbox relay.
    public static let outboxWork = StoreChanges(rawValue: 1 << 1)
}
