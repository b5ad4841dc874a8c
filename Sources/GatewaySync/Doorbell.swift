import GatewayPersistence

/// Wakes a background loop early: a ring while nobody waits is remembered until the next wait.
///
/// With a ``StoreChangeFeed`` the store rings it: every committed transaction that queued outbox
/// work since the previous wait ends the next one, so no writer has to ring by hand.
public actor Doorbell {
    private var rung = false
    private var waiter: CheckedContinuation<Void, Never>?
    private let feed: (any StoreChangeFeed)?
    /// The feed's outbox revision the last wait ended at.
    private var seen: Int

    /// Creates a doorbell rung by ``ring()`` only.
    public init() {
        self.feed = nil
        self.seen = 0
    }

    /// Creates a doorbell that the store rings after each commit that queued outbox work.
    public init(feed: any StoreChangeFeed) {
        self.feed = feed
        self.seen = feed.outboxRevision
    }

    /// Wakes the waiting loop, or the next one to wait.
    public func ring() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            rung = true
        }
    }

    /// Waits until rung, the feed's outbox work moved, `timeout` has passed, or the task is cancelled.
    ///
    /// The loop reads the store after a wait: a commit counted when the wait ended is visible to
    /// that read, and a later one ends the next wait at once.
    public func wait(timeout: Duration) async {
        defer { if let feed { seen = feed.outboxRevision } }
        if rung || (feed.map { $0.outboxRevision != seen } ?? false) {
            rung = false
            return
        }
        let timer = Task { [weak self] in
            // Cancelled once the wait ended otherwise: ringing then would end the next wait at once.
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            await self?.ring()
        }
        let listener = feed.map { feed in
            Task { [weak self, seen = self.seen] in
                await feed.outboxWork(after: seen)
                guard !Task.isCancelled else { return }
                await self?.ring()
            }
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if rung || Task.isCancelled {
                    continuation.resume()
                } else {
                    waiter = continuation
                }
            }
        } onCancel: {
            Task { await self.ring() }
        }
        rung = false
        timer.cancel()
        listener?.cancel()
    }
}
