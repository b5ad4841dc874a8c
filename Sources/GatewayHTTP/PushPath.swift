import Foundation
import GatewayCore
import GatewayPersistence
import GatewaySync
import Hummingbird
import KubernetesClient
import Logging
import NIOCore
import ServiceLifecycle

/// The gateway's way to its cluster: the outbox relay that pushes, the status sync that
/// watches, and the Kubernetes client both use.
///
/// In embedded mode the client talks to the gateway's own Kubernetes API over loopback HTTP,
/// exactly as to a real cluster, once the listener has its port; with a kubeconfig or in a pod
/// it talks to that cluster.
struct PushPath: Sendable {
    /// Rung after every write that queues a push.
    let doorbell: Doorbell
    /// Where a submit hears of its first push.
    let outcomes: PushOutcomes
    /// How long a submit waits for its first push before answering `Pending`.
    let submitWait: Duration
    /// Learns the listener's port (embedded mode).
    let listener: ListenerAddress
    /// The relay and the status sync.
    let services: [any Service]

    init(
        configuration: GatewayConfiguration,
        database: GatewayDatabase,
        internalToken: String?,
        logger: Logger
    ) {
        let doorbell = Doorbell()
        let outcomes = PushOutcomes()
        let listener = ListenerAddress()
        let sync = configuration.sync
        let mode = configuration.cluster.mode
        let host = configuration.http.host
        func client(retries: Int) -> @Sendable () async throws -> any KubernetesAPI {
            {
                var settings: KubernetesClientConfiguration
                switch mode {
                case .embedded:
                    let port = try await listener.port()
                    settings = .server(url: "http://\(ListenerAddress.loopback(for: host)):\(port)", token: internalToken)
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
        let outbox = SQLiteOutboxRepository(database: database)
        let relay = PushRelay(
            dependencies: .init(outbox: outbox, kubernetes: client(retries: 1), doorbell: doorbell, outcomes: outcomes),
            configuration: .init(retry: sync.retry),
            logger: logger
        )
        let statusSync = StatusSync(
            kubernetes: client(retries: 3),
            reconciler: StatusReconciler(
                workloads: SQLiteWorkloadRepository(database: database), outbox: outbox, doorbell: doorbell, logger: logger
            ),
            configuration: .init(apiVersion: configuration.legacy.translation.apiVersion.rawValue, driftPolicy: sync.driftPolicy),
            logger: logger
        )
        self.doorbell = doorbell
        self.outcomes = outcomes
        self.submitWait = sync.submitWait
        self.listener = listener
        self.services = [relay, statusSync]
    }
}

/// The address the gateway listens on, known once the server runs (the port may be `0`).
actor ListenerAddress {
    private var known: Int?
    private var waiting: [UUID: CheckedContinuation<Int, any Error>] = [:]

    /// Records the bound port of a running server's channel.
    func serverRunning(_ channel: any Channel) {
        guard let port = channel.localAddress?.port else { return }
        known = port
        for continuation in waiting.values { continuation.resume(returning: port) }
        waiting.removeAll()
    }

    /// The bound port, waiting for the server to start if needed.
    /// - Throws: `CancellationError` when the waiting task is cancelled (shutdown before start).
    func port() async throws -> Int {
        if let known { return known }
        let id = UUID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiting[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    private func cancel(_ id: UUID) {
        waiting.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }

    /// A loopback address that reaches a listener bound to `host`.
    static func loopback(for host: String) -> String {
        switch host {
        case "0.0.0.0", "", "*": "127.0.0.1"
        case "::", "[::]": "[::1]"
        default: host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        }
    }
}
