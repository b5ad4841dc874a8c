/// `Duration` as the numbers other APIs take: seconds for `TimeInterval`s and `Date` arithmetic,
/// whole milliseconds for libcurl's timeouts.
///
/// The one home of these conversions for every target (the Kubernetes client is the lowest target
/// all their users depend on); nothing here knows about Kubernetes.
extension Duration {
    /// The duration in seconds, as a `Double` (a `TimeInterval`).
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// The duration in whole milliseconds, rounded towards zero.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
