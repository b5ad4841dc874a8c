import Metrics
import Synchronization

/// `gateway_brownout_answers_total`: legacy calls answered `410 Gone` by a brownout, by window
/// and endpoint. Both are bounded: the windows come from the brownouts file, the endpoints from
/// the route table.
final class BrownoutMetrics: Sendable {
    private let factory: any MetricsFactory
    private let counters = Mutex<[String: Counter]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Counts one brownout answer.
    func record(window: String, endpoint: LegacyEndpoint) {
        let key = "\(window)\u{0}\(endpoint.rawValue)"
        let counter = counters.withLock { counters -> Counter in
            if let counter = counters[key] { return counter }
            let made = Counter(
                label: "gateway_brownout_answers_total",
                dimensions: [("window", window), ("endpoint", endpoint.rawValue)],
                factory: factory
            )
            counters[key] = made
            return made
        }
        counter.increment()
    }
}
