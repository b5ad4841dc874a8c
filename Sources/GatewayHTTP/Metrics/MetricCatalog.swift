import CoreMetrics
import Prometheus

/// Every metric family the gateway exposes at `/metrics`, declared once: its name, its help text
/// and, for histograms, its buckets.
///
/// Names follow Prometheus' rules: the `gateway_` prefix, base units (`_seconds`, `_bytes`),
/// `_total` on counters. The parts of the gateway that record metrics (the HTTP middleware, the
/// relay, status sync, the group committer, the poll cache) create their handles through a
/// ``GatewayMetricsFactory``, which takes the help and buckets from here.
enum MetricCatalog {
    /// One family.
    struct Family: Sendable {
        /// The Prometheus name.
        var name: String
        /// The `# HELP` text.
        var help: String
        /// Histogram buckets of a timer, when they are not ``defaultDurationBuckets``.
        var durationBuckets: [Duration]?
        /// Histogram buckets of an aggregating recorder, when they are not ``defaultValueBuckets``.
        var valueBuckets: [Double]?
    }

    /// Every family, by name.
    static let families: [String: Family] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Every family, in the order the README lists them.
    static let all: [Family] = [
        Family(name: "gateway_build_info", help: "Always 1; the version label is the gateway's version."),
        Family(name: "gateway_http_requests_total", help: "HTTP requests answered, by route template, method and status class."),
        Family(
            name: "gateway_http_request_duration_seconds",
            help: "Time from the request's head to its answer, by route template, method and status class."
        ),
        Family(
            name: "gateway_deprecated_api_requests_total",
            help: "Calls to the deprecated legacy API, by endpoint and client (token user, else RA-USER, else User-Agent; "
                + "clients past the configured cap are counted as other)."
        ),
        Family(
            name: "gateway_brownout_answers_total",
            help: "Legacy calls answered 410 Gone by a brownout window, by window and endpoint."
        ),
        Family(name: "gateway_outbox_pending_entries", help: "Outbox entries waiting to be pushed to the cluster."),
        Family(name: "gateway_outbox_oldest_pending_age_seconds", help: "Age of the oldest outbox entry waiting to be pushed (0 when none)."),
        Family(name: "gateway_push_total", help: "Pushes to the cluster, by operation (apply, delete) and outcome (pushed, deferred, failed)."),
        Family(name: "gateway_push_duration_seconds", help: "Time one push to the cluster took, by operation and outcome."),
        Family(name: "gateway_status_sync_relists_total", help: "Full lists of the cluster's InferenceWorkloads made by status sync."),
        Family(
            name: "gateway_status_sync_watch_restarts_total",
            help: "Watches status sync opened again after one ended, by reason (timeout, expired, error)."
        ),
        Family(
            name: "gateway_status_sync_lag_seconds",
            help: "Time from a watch event's arrival to its status being in the store."
        ),
        Family(
            name: "gateway_group_commit_batch_writes",
            help: "Writes carried by one group-committed SQLite transaction.",
            valueBuckets: [1, 2, 4, 8, 16, 32, 64, 128, 256]
        ),
        Family(
            name: "gateway_group_commit_duration_seconds",
            help: "Time one group-committed SQLite transaction took, fsync included."
        ),
        Family(name: "gateway_database_size_bytes", help: "Size of the SQLite database file and its write-ahead log."),
        Family(name: "gateway_poll_cache_requests_total", help: "Legacy list and get answers, by whether the poll cache had them (hit, miss)."),
    ]

    /// Latency buckets, from 1 ms to 10 s.
    static let defaultDurationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// Buckets of a recorder that declares none.
    static let defaultValueBuckets: [Double] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000]

    /// The family of `name`; a name missing from ``all`` is a programming error a test catches,
    /// exposed with a help text saying so rather than stopping the gateway.
    static func family(_ name: String) -> Family {
        families[name] ?? Family(name: name, help: "Undocumented gateway metric.")
    }
}

/// A swift-metrics factory over one Prometheus registry whose metrics carry the help text and
/// buckets of their ``MetricCatalog`` family.
///
/// Each application has its own registry, so tests that build several applications in one process
/// see only their own metrics.
struct GatewayMetricsFactory: MetricsFactory {
    /// The registry `/metrics` renders.
    let registry: PrometheusCollectorRegistry

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: Self.descriptor(label), labels: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: Self.descriptor(label), labels: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return registry.makeGauge(descriptor: Self.descriptor(label), labels: dimensions) }
        let buckets = MetricCatalog.family(label).valueBuckets ?? MetricCatalog.defaultValueBuckets
        return registry.makeValueHistogram(descriptor: Self.descriptor(label), labels: dimensions, buckets: buckets)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: Self.descriptor(label), labels: dimensions)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let buckets = MetricCatalog.family(label).durationBuckets ?? MetricCatalog.defaultDurationBuckets
        return registry.makeDurationHistogram(descriptor: Self.descriptor(label), labels: dimensions, buckets: buckets)
    }

    func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
        if let histogram = handler as? ValueHistogram { registry.unregisterValueHistogram(histogram) }
    }

    func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }

    private static func descriptor(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: MetricCatalog.family(name).help)
    }
}
