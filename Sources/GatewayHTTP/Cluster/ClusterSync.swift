import Foundation
import GatewayPersistence
import GatewaySync
import KubernetesClient
import Logging
import ServiceLifecycle

/// The gateway's way to its cluster, both ways: the outbox relay that pushes, the status sync
/// that lists and watches back, and the Kubernetes client both use.
///
/// In embedded mode the client talks to the gateway's own Kubernetes API over loopback HTTP,
/// exactly as to a real cluster, once the listener has its port; with a kubeconfig or in a pod
/// it talks to that cluster. The relay is woken by the store's change feed; the rest of the
/// gateway sees it only through ``firstPush`` (a ``FirstPushOutcomeSource``).
struct ClusterSync: Sendable {
    /// Where a submit hears of its first push, within the submit wait.
    let firstPush: FirstPushWait
    /// Learns the listener's port (embedded mode).
    let listener: ListenerAddress
    /// The relay and the status sync.
    let services: [any Service]
    /// Whether status sync reached the cluster and listed it, for readiness.
    let progress: StatusSyncProgress
    /// Which request queued each push, for the relay's log lines.
    let correlation: PushCorrelation

    /// The relay and status sync over the store's `workloads` and `outbox`.
    ///
    /// - Parameters:
    ///   - mode: the cluster to reach: the embedded one over loopback, a kubeconfig's, or the pod's.
    ///   - listenerHost: the address the gateway listens on (embedded mode reaches it over loopback).
    ///   - internalToken: the token the gateway's own client sends to its embedded API, if tokens are required.
    ///   - sync: the kubeconfig, submit wait, drift policy and retry schedule.
    ///   - apiVersion: the `InferenceWorkload` version status sync watches.
    ///   - changes: the store's change feed, which wakes the relay once a push is queued.
    ///   - pushMetrics: where the relay counts and times its pushes.
    ///   - statusSyncMetrics: where status sync counts relists and watch restarts, and records its lag.
    init(
        mode: ClusterConfiguration.Mode,
        listenerHost: String,
        internalToken: String?,
        sync: SyncConfiguration,
        apiVersion: String,
        workloads: any WorkloadRepository,
        outbox: any OutboxRepository,
        changes: any StoreChangeFeed,
        pushMetrics: PushMetrics = PushMetrics(),
        statusSyncMetrics: StatusSyncMetrics = StatusSyncMetrics(),
        logger: Logger
    ) {
        // The store rings it after each commit that queues a push.
        let doorbell = Doorbell(feed: changes)
        let outcomes = PushOutcomes()
        let listener = ListenerAddress()
        func client(retries: Int) -> @Sendable () async throws -> any KubernetesAPI {
            {
                var settings: KubernetesClientConfiguration
                switch mode {
                case .embedded:
                    let port = try await listener.port()
                    settings = .server(url: "http://\(ListenerAddress.loopback(for: listenerHost)):\(port)", token: internalToken)
                    // The client-side limit protects a shared API server; this one is our own,
                    // over loopback, and a limit would only cap how fast submits are acknowledged.
                    settings.rateLimit = .init(qps: 0)
                case .kubeconfig:
                    settings = try .kubeconfig(path: sync.kubeconfig, context: sync.context)
                case .inCluster:
                    settings = try .inCluster()
                }
                settings.retry.maxAttempts = retries
                return try CurlKubernetesClient(configuration: settings, logger: logger)
            }
        }
        var dependencies = PushRelay.Dependencies(outbox: outbox, kubernetes: client(retries: 1), doorbell: doorbell, outcomes: outcomes)
        let correlation = PushCorrelation()
        dependencies.correlation = correlation
        self.correlation = correlation
        let relay = PushRelay(
            dependencies: dependencies,
            configuration: .init(retry: sync.retry, metrics: pushMetrics),
            logger: logger
        )
        var statusSyncConfiguration = StatusSync.Configuration(apiVersion: apiVersion, driftPolicy: sync.driftPolicy)
        statusSyncConfiguration.metrics = statusSyncMetrics
        let statusSync = StatusSync(
            kubernetes: client(retries: 3),
            reconciler: StatusReconciler(workloads: workloads, outbox: outbox, logger: logger),
            configuration: statusSyncConfiguration,
            logger: logger
        )
        self.progress = statusSyncConfiguration.progress
        self.firstPush = FirstPushWait(outcomes: outcomes, timeout: sync.submitWait)
        self.listener = listener
        self.services = [relay, statusSync]
    }
}
