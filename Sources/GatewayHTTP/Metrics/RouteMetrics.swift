import HTTPTypes
import Metrics
import Synchronization

/// The handles of one route template, method and status class: its request counter and its latency histogram.
final class RouteHandles: Sendable {
    let requests: Counter
    let duration: Timer

    init(route: String, method: String, statusClass: String, factory: any MetricsFactory) {
        let dimensions = [("route", route), ("method", method), ("status_class", statusClass)]
        requests = Counter(label: "gateway_http_requests_total", dimensions: dimensions, factory: factory)
        duration = Timer(label: "gateway_http_request_duration_seconds", dimensions: dimensions, factory: factory)
    }

    func record(_ elapsed: Duration) {
        requests.increment()
        duration.record(duration: elapsed)
    }
}

/// `gateway_http_requests_total` and `gateway_http_request_duration_seconds`, by route template
/// (never the raw path), method and status class.
///
/// A legacy route's handles sit in a flat array indexed by the row of ``LegacyRoutes/table``, the
/// mount point and the status class: a request finds them by arithmetic and one uncontended lock,
/// and each is made (label strings and all) the first time it is used. Other routes (probes,
/// `/metrics`, the embedded Kubernetes API) are found by their template, off the polling path.
final class RouteMetrics: Sendable {
    private let factory: any MetricsFactory
    private let legacy: Mutex<[RouteHandles?]>
    private let others = Mutex<[String: [RouteHandles?]]>([:])

    /// The status classes, `1xx` to `5xx`.
    static let statusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"]
    /// The methods other routes are labelled with; any other is `other`.
    static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]
    /// The route label of a request no route matched.
    static let unmatched = "unmatched"

    init(factory: any MetricsFactory) {
        self.factory = factory
        legacy = Mutex(Array(repeating: nil, count: LegacyRoutes.table.count * LegacyRoutes.mountPoints.count * Self.statusClasses.count))
    }

    /// Records a legacy call that came by row `row` of the table, under `/researcher` or not.
    func record(legacyRow row: Int, researcher: Bool, status: HTTPResponse.Status, duration: Duration) {
        let statusClass = Self.classIndex(status)
        let index = (row * LegacyRoutes.mountPoints.count + (researcher ? 1 : 0)) * Self.statusClasses.count + statusClass
        let handles = legacy.withLock { slots -> RouteHandles in
            if let handles = slots[index] { return handles }
            let route = LegacyRoutes.table[row]
            let template = "/" + (researcher ? LegacyRoutes.researcherPrefix + "/" : "") + route.path
            let made = RouteHandles(
                route: template,
                method: route.method.rawValue,
                statusClass: Self.statusClasses[statusClass],
                factory: factory
            )
            slots[index] = made
            return made
        }
        handles.record(duration)
    }

    /// Records a request of any other route, by the template the router matched (`nil`: none matched).
    func record(template: String?, method: HTTPRequest.Method, status: HTTPResponse.Status, duration: Duration) {
        let route = template.map { $0.hasPrefix("/") ? $0 : "/" + $0 } ?? Self.unmatched
        let methodIndex = Self.methods.firstIndex(of: method) ?? Self.methods.count
        let statusClass = Self.classIndex(status)
        let index = methodIndex * Self.statusClasses.count + statusClass
        let handles = others.withLock { slots -> RouteHandles in
            var row = slots[route] ?? Array(repeating: nil, count: (Self.methods.count + 1) * Self.statusClasses.count)
            if let handles = row[index] { return handles }
            let made = RouteHandles(
                route: route,
                method: methodIndex < Self.methods.count ? method.rawValue : "other",
                statusClass: Self.statusClasses[statusClass],
                factory: factory
            )
            row[index] = made
            slots[route] = row
            return made
        }
        handles.record(duration)
    }

    /// 0 for `1xx` … 4 for `5xx`.
    static func classIndex(_ status: HTTPResponse.Status) -> Int {
        min(max(status.code / 100, 1), 5) - 1
    }
}
