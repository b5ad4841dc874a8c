import CoreMetrics
import Foundation
import GatewayPersistence
import GatewaySync
import Logging
import Metrics
import Prometheus

/// The gateway's metrics, made once by the composition root: one Prometheus registry, the
/// handles each part of the gateway records into, and the gauges read from the store when
/// `/metrics` is scraped.
final class GatewayMetrics: Sendable {
    /// What `/metrics` renders.
    let registry: PrometheusCollectorRegistry
    /// Makes swift-metrics handles in ``registry``, with the catalog's help.
    let factory: GatewayMetricsFactory
    /// HTTP requests by route template, method and status class.
    let routes: RouteMetrics
    /// Deprecated calls by endpoint and client.
    let deprecatedCalls: DeprecatedCallMetrics
    /// Poll-cache hits and misses.
    let pollCache: PollCacheMetrics
    /// The relay's pushes.
    let push: PushMetrics
    /// Status sync's relists, watch restarts and lag.
    let statusSync: StatusSyncMetrics
    /// The group committer's transactions.
    let commit: CommitMetrics

    private let outboxPending: Meter
    private let outboxOldestAge: Meter
    private let databaseSize: Meter
    private let database: GatewayDatabase?
    private let logger: Logger

    /// Metrics in a registry of their own.
    /// - Parameters:
    ///   - maximumClients: clients of the deprecated API with series of their own (`--metrics-max-clients`).
    ///   - database: read for the outbox and size gauges on each scrape.
    init(maximumClients: Int, database: GatewayDatabase?, logger: Logger) {
        let registry = PrometheusCollectorRegistry()
        let factory = GatewayMetricsFactory(registry: registry)
        self.registry = registry
        self.factory = factory
        self.routes = RouteMetrics(factory: factory)
        self.deprecatedCalls = DeprecatedCallMetrics(maximumClients: maximumClients, factory: factory)
        self.pollCache = PollCacheMetrics(factory: factory)
        self.push = PushMetrics(factory: factory)
        self.statusSync = StatusSyncMetrics(factory: factory)
        self.commit = CommitMetrics(factory: factory)
        self.outboxPending = Meter(label: "gateway_outbox_pending_entries", factory: factory)
        self.outboxOldestAge = Meter(label: "gateway_outbox_oldest_pending_age_seconds", factory: factory)
        self.databaseSize = Meter(label: "gateway_database_size_bytes", factory: factory)
        self.database = database
        self.logger = logger
        Meter(label: "gateway_build_info", dimensions: [("version", GatewayVersionInfo.version)], factory: factory).set(1)
    }

    /// The exposition in Prometheus' text format, after reading the store's gauges.
    func render(now: Date = Date()) async -> [UInt8] {
        if let database {
            do {
                let statistics = try await database.statistics()
                outboxPending.set(statistics.pendingOutboxEntries)
                outboxOldestAge.set(statistics.oldestPendingOutboxEntry.map { max(0, now.timeIntervalSince($0)) } ?? 0)
                databaseSize.set(statistics.sizeBytes)
            } catch {
                // The gauges keep their last values; the scrape still answers.
                logger.warning("cannot read the store's statistics for /metrics", metadata: ["gateway.error": "\(error)"])
            }
        }
        return registry.emitToBuffer()
    }
}

/// `gateway_poll_cache_requests_total{result="hit"|"miss"}`.
struct PollCacheMetrics: Sendable {
    private let hits: CoreMetrics.Counter
    private let misses: CoreMetrics.Counter

    /// An answer reused: ready in the cache, or built by a concurrent poll.
    func hit() { hits.increment() }

    /// An answer built.
    func miss() { misses.increment() }

    init(factory: any MetricsFactory) {
        hits = CoreMetrics.Counter(label: "gateway_poll_cache_requests_total", dimensions: [("result", "hit")], factory: factory)
        misses = CoreMetrics.Counter(label: "gateway_poll_cache_requests_total", dimensions: [("result", "miss")], factory: factory)
    }
}
