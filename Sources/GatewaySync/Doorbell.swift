/// Wakes a background loop early: a ring while nobody waits is remembered until the next wait.
public actor Doorbell {
    private var rung = false
    private var waiter: CheckedContinuation<Void, Never>?

    /// Creates a doorbell.
    public init() {}

    /// Wakes the waiting loop, or the next one to wait.
    public func ring() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            rung = true
        }
    }

    /// Waits until rung, `timeout` has passed, or the task is cancelled.
    public func wait(timeout: Duration) async {
        if rung {
            rung = false
            return
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.ring()
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
    }
}
