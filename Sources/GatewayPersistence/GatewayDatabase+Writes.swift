import GRDB

extension GatewayDatabase {
    /// Runs `updates` in a write transaction of its own (not group-committed), as
    /// `writer.write` does, reporting a full disk as ``StoreError/Code/storageFull`` and to
    /// ``storage``.
    /// - Parameter announcing: what ``changes`` announces once the transaction committed, when
    ///   `updates` changed a row.
    /// - Throws: what `updates` threw, ``StoreError`` with code `storageFull` when the storage has
    ///   no room (nothing was written), or the database's error.
    public func write<T: Sendable>(
        announcing: StoreChanges = [],
        _ updates: @Sendable (Database) throws -> T
    ) async throws -> T {
        let value: T
        let changed: Bool
        do {
            (value, changed) = try await writer.write { db in
                let before = db.totalChangesCount
                let value = try updates(db)
                return (value, db.totalChangesCount != before)
            }
        } catch {
            let mapped = StoreError.mapping(error, health: storage)
            if let full = mapped as? StoreError, full.code == .storageFull {
                storage.recordFull(full)
            }
            throw mapped
        }
        // Committed: announce before the caller returns.
        if changed && !announcing.isEmpty { changes.committed(announcing) }
        if storage.isFull { await committer.probeStorage() }
        return value
    }

    /// While the storage is full, tries one small durable write (at most once per `interval`),
    /// so that readiness returns once space is back even when no caller writes: a gateway that
    /// reports itself not ready gets no traffic to prove otherwise.
    /// - Returns: whether the storage is full after the probe.
    @discardableResult
    public func probeStorage(interval: Duration = .seconds(1)) async -> Bool {
        await committer.probeStorage(interval: interval)
    }
}
