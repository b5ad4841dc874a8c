import Synchronization

/// A token bucket: `qps` tokens a second, at most `burst` saved up. Pure; the caller supplies the time.
struct TokenBucket: Sendable {
    /// Tokens added per second.
    let qps: Double
    /// The most tokens the bucket holds.
    let burst: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant

    /// A full bucket at `now`.
    init(qps: Double, burst: Int, now: ContinuousClock.Instant) {
        self.qps = qps
        self.burst = Double(max(1, burst))
        self.tokens = self.burst
        self.last = now
    }

    /// Takes one token, going into debt if there is none.
    /// - Returns: How long the caller must wait before using it (zero when a token was there).
    mutating func reserve(now: ContinuousClock.Instant) -> Duration {
        if now > last {
            tokens = min(burst, tokens + (now - last).seconds * qps)
            last = now
        }
        tokens -= 1
        return tokens >= 0 ? .zero : .seconds(-tokens / qps)
    }
}

/// The client-side rate limit: callers wait their turn on a ``TokenBucket``.
final class RateLimiter: Sendable {
    private let bucket: Mutex<TokenBucket?>

    /// A limiter for a configuration; `qps <= 0` never waits.
    init(_ limit: KubernetesClientConfiguration.RateLimit) {
        bucket = Mutex(limit.qps > 0 ? TokenBucket(qps: limit.qps, burst: limit.burst, now: .now) : nil)
    }

    /// Waits until the next request may go.
    /// - Returns: How long the caller waited.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    @discardableResult
    func acquire() async throws -> Duration {
        let wait = bucket.withLock { $0?.reserve(now: .now) } ?? .zero
        if wait > .zero { try await Task.sleep(for: wait) }
        return wait
    }
}
