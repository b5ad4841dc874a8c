/// Decides whether a failed attempt is retried, and after how long. Pure.
///
/// - 429: any verb (the server did not process it), after `Retry-After` or the backoff.
/// - 5xx with `Retry-After`: any verb, after that long (as client-go does).
/// - 500, 502, 503, 504 without `Retry-After`: idempotent requests only, after the backoff.
/// - A connection that could not be made: any verb (nothing was sent); a connection lost or timed
///   out after sending: idempotent requests only. Both after the backoff.
/// - TLS failures, cancellation and every other answer: never.
///
/// The backoff doubles from ``KubernetesClientConfiguration/RetryPolicy/initialBackoff`` up to
/// ``KubernetesClientConfiguration/RetryPolicy/maxBackoff``, with "equal jitter" (between half
/// and all of it), so that many clients do not retry in step.
struct RetryPlanner: Sendable {
    /// What happened to an attempt.
    enum Outcome: Sendable {
        /// The server answered with this status.
        case status(Int, retryAfterSeconds: Int?)
        /// The transfer failed.
        case transport(TransportFailure.Kind)
    }

    /// The policy.
    let policy: KubernetesClientConfiguration.RetryPolicy

    /// The delay before the next attempt, or `nil` to give up.
    /// - Parameters:
    ///   - attempt: The attempt that just failed, from 1.
    ///   - outcome: How it failed.
    ///   - idempotent: Whether repeating the request is harmless (GET, PUT, DELETE, apply).
    ///   - random: The source of jitter.
    func delay(
        after attempt: Int,
        outcome: Outcome,
        idempotent: Bool,
        random: inout some RandomNumberGenerator
    ) -> Duration? {
        guard attempt < policy.maxAttempts else { return nil }
        switch outcome {
        case .status(429, let retryAfter):
            return retryAfter.map(serverDelay) ?? backoff(attempt, &random)
        case .status(500...599, let retryAfter?):
            return serverDelay(retryAfter)
        case .status(500, nil), .status(502, nil), .status(503, nil), .status(504, nil):
            return idempotent ? backoff(attempt, &random) : nil
        case .status:
            return nil
        case .transport(.couldNotConnect):
            return backoff(attempt, &random)
        case .transport(.connectionLost), .transport(.timedOut):
            return idempotent ? backoff(attempt, &random) : nil
        case .transport:
            return nil
        }
    }

    /// `Retry-After`, as long as it is within the policy's limit; a longer one gives up.
    private func serverDelay(_ seconds: Int) -> Duration? {
        let delay = Duration.seconds(seconds)
        return delay <= policy.maxRetryAfter ? delay : nil
    }

    private func backoff(_ attempt: Int, _ random: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(attempt - 1, 30)
        let full = min(policy.initialBackoff * (1 << exponent), policy.maxBackoff)
        let fraction = Double.random(in: 0.5...1.0, using: &random)
        return full * fraction
    }
}
