import Foundation
import KubernetesClient

/// When to try a failed push again: exponential backoff with jitter, capped, never sooner than
/// the server's `Retry-After`, and a bounded number of attempts.
public struct RetrySchedule: Sendable, Equatable {
    /// The delay after the first failure.
    public var initialDelay: Duration
    /// The longest delay between two attempts.
    public var maximumDelay: Duration
    /// Attempts before an entry is given up as failed.
    public var maximumAttempts: Int
    /// The share of each delay that is randomised (0 … 1), so retries of many entries spread out.
    public var jitter: Double

    /// Creates a schedule.
    public init(
        initialDelay: Duration = .milliseconds(500),
        maximumDelay: Duration = .seconds(60),
        maximumAttempts: Int = 30,
        jitter: Double = 0.2
    ) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
        self.jitter = jitter
    }

    /// The delay before attempt `attempt + 1`, after `attempt` failed attempts (1-based).
    /// - Parameters:
    ///   - attempt: Failed attempts so far, including the one just made.
    ///   - retryAfter: The server's `Retry-After`, if it sent one.
    ///   - random: A number in 0 ..< 1 (injectable for tests).
    public func delay(afterAttempt attempt: Int, retryAfter: Duration? = nil, random: Double) -> Duration {
        let exponent = Double(max(0, attempt - 1))
        let base = min(initialDelay.seconds * pow(2, exponent), maximumDelay.seconds)
        let jittered = base * (1 - jitter + 2 * jitter * random)
        let floor = retryAfter?.seconds ?? 0
        return .milliseconds(Int64((max(jittered, floor) * 1000).rounded()))
    }
}
