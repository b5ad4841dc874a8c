import GatewaySync

/// The relay's doorbell is how the legacy writes tell it the outbox has work.
extension Doorbell: OutboxNotifier {
    func outboxHasWork() async {
        ring()
    }
}
