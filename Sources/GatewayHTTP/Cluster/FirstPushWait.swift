import GatewaySync

/// A submit's wait for its first push: the relay's outcome, heard for at most the submit wait.
struct FirstPushWait: FirstPushOutcomeSource {
    /// Where the relay publishes push outcomes.
    let outcomes: PushOutcomes
    /// How long a submit waits (`--submit-wait`); zero answers on commit.
    let timeout: Duration

    func refusalOfFirstPush(of workloadID: String) async -> FirstPushRefusal? {
        guard timeout > .zero,
            case .rejected(code: let code, reason: let reason, message: let message) = await outcomes.wait(for: workloadID, timeout: timeout)
        else { return nil }
        return FirstPushRefusal(code: code, reason: reason, message: message)
    }
}
