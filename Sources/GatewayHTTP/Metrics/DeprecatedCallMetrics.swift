import Metrics
import Synchronization

/// `gateway_deprecated_api_requests_total`: calls to the legacy API by endpoint and client, the
/// gateway's counterpart of kube-apiserver's `apiserver_requested_deprecated_apis`.
///
/// The client is the token's user, else `RA-USER`, else the `User-Agent` (at most
/// ``maximumLabelLength`` characters). Cardinality is bounded: the first `maximumClients` clients
/// get their own series; every later one is counted as `other`. A call finds its client's
/// counters with one dictionary lookup under an uncontended lock; each counter is made once.
final class DeprecatedCallMetrics: Sendable {
    /// The client label of the clients past the cap.
    static let otherClient = "other"
    /// The client label when the call names none.
    static let unknownClient = "unknown"
    /// The endpoint label of a legacy path no route serves.
    static let unknownEndpoint = "unknown"
    /// Longest client label kept; longer names are cut.
    static let maximumLabelLength = 64

    /// Clients with series of their own.
    let maximumClients: Int
    private let factory: any MetricsFactory
    private let clients = Mutex<[String: [Counter?]]>([:])

    init(maximumClients: Int, factory: any MetricsFactory) {
        self.maximumClients = maximumClients
        self.factory = factory
    }

    /// The client label of a call: the authenticated user, else `RA-USER`, else the `User-Agent`.
    static func client(authenticatedUser: String?, raUser: String?, userAgent: String?) -> String {
        let name = [authenticatedUser, raUser, userAgent].lazy.compactMap { $0 }.first { !$0.isEmpty } ?? unknownClient
        return name.count > maximumLabelLength ? String(name.prefix(maximumLabelLength)) : name
    }

    /// Counts one call of `endpoint` (`nil`: a legacy path no route serves) by `client`.
    func record(endpoint: LegacyEndpoint?, client: String) {
        let index = endpoint.flatMap { LegacyEndpoint.allCases.firstIndex(of: $0) } ?? LegacyEndpoint.allCases.count
        let counter = clients.withLock { clients -> Counter in
            if let counter = clients[client]?[index] { return counter }
            var key = client
            if clients[key] == nil, clients.count >= maximumClients { key = Self.otherClient }
            var counters = clients[key] ?? Array(repeating: nil, count: LegacyEndpoint.allCases.count + 1)
            if let counter = counters[index] { return counter }
            let endpointLabel = index < LegacyEndpoint.allCases.count ? LegacyEndpoint.allCases[index].rawValue : Self.unknownEndpoint
            let made = Counter(
                label: "gateway_deprecated_api_requests_total",
                dimensions: [("endpoint", endpointLabel), ("client", key)],
                factory: factory
            )
            counters[index] = made
            clients[key] = counters
            return made
        }
        counter.increment()
    }
}
