/// Tells the outbox relay that a write queued a push, so it pushes now instead of at its next poll.
///
/// The narrow view of the push path that the legacy writes need: they never see the relay, the
/// status sync or the Kubernetes client.
protocol OutboxNotifier: Sendable {
    /// Says that the outbox has work; returns at once.
    func outboxHasWork() async
}
