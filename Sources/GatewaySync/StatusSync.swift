import Foundation
import GatewayCore
import GatewayPersistence
import KubernetesClient
import Logging
import ServiceLifecycle

/// Keeps the store's view of the cluster fresh: lists, then watches, the `InferenceWorkload`
/// objects the gateway manages, and writes their status into the workload records.
///
/// Dashboards read those records; they never reach Kubernetes. The watch resumes from the last
/// resource version it saw; on `410 Expired` (or any broken stream it cannot resume) it lists
/// again, and every list is a full reconcile that heals what was missed meanwhile: objects
/// deleted behind the gateway's back show as `Deleted`, objects changed behind its back are
/// re-applied or reported (``Configuration/driftPolicy``).
public struct StatusSync: Service {
    /// What to do when an object in the cluster no longer matches what the gateway applied.
    public enum DriftPolicy: String, Sendable, CaseIterable {
        /// Queue a fresh apply of the gateway's object.
        case reapply
        /// Leave the object and show the drift as the workload's last error.
        case report
    }

    /// How status sync behaves.
    public struct Configuration: Sendable {
        /// The API versions to watch (the one the gateway applies with comes first).
        public var apiVersion: String
        /// Namespaces to watch; empty watches all namespaces.
        public var namespaces: [String]
        /// The label selector of the gateway's objects.
        public var labelSelector: String
        /// What to do about objects changed behind the gateway's back.
        public var driftPolicy: DriftPolicy
        /// Waits between attempts while the cluster cannot be reached.
        public var retry: RetrySchedule
        /// `timeoutSeconds` of each watch request; the watch is renewed after it.
        public var watchTimeoutSeconds: Int
        /// Where relists, watch restarts and the lag are recorded.
        public var metrics = StatusSyncMetrics()
        /// Told once each scope was listed, for readiness.
        public var progress = StatusSyncProgress()

        /// Creates a configuration.
        public init(
            apiVersion: String = InferenceWorkload.Version.preferred.apiVersion,
            namespaces: [String] = [],
            labelSelector: String = InferenceWorkload.managedBySelector,
            driftPolicy: DriftPolicy = .reapply,
            retry: RetrySchedule = RetrySchedule(initialDelay: .milliseconds(200), maximumDelay: .seconds(10)),
            watchTimeoutSeconds: Int = 300
        ) {
            self.apiVersion = apiVersion
            self.namespaces = namespaces
            self.labelSelector = labelSelector
            self.driftPolicy = driftPolicy
            self.retry = retry
            self.watchTimeoutSeconds = watchTimeoutSeconds
        }
    }

    let kubernetes: @Sendable () async throws -> any KubernetesAPI
    let reconciler: StatusReconciler
    let configuration: Configuration
    let logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - kubernetes: Opens the Kubernetes client.
    ///   - reconciler: Writes what the cluster shows into the store.
    public init(
        kubernetes: @escaping @Sendable () async throws -> any KubernetesAPI,
        reconciler: StatusReconciler,
        configuration: Configuration = Configuration(),
        logger: Logger
    ) {
        self.kubernetes = kubernetes
        self.reconciler = reconciler
        self.configuration = configuration
        self.logger = logger
    }

    /// Lists and watches until the service is shut down.
    public func run() async throws {
        let kubernetes: any KubernetesAPI
        do {
            kubernetes = try await cancelWhenGracefulShutdown { try await self.kubernetes() }
        } catch is CancellationError {
            return  // shut down before the cluster was reachable
        }
        let resource = PushTarget.inferenceWorkloads(apiVersion: configuration.apiVersion)
        let scopes: [String?] = configuration.namespaces.isEmpty ? [nil] : configuration.namespaces
        configuration.progress.expect(scopes: scopes.count)
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for namespace in scopes {
                    group.addTask { await self.follow(resource, namespace: namespace, kubernetes) }
                }
            }
        }
    }

    /// Lists, reconciles and watches one scope until cancelled; lists again after any failure.
    func follow(_ resource: KubernetesResource, namespace: String?, _ kubernetes: any KubernetesAPI) async {
        var failures = 0
        while !Task.isCancelled {
            do {
                var resourceVersion = try await listAndReconcile(resource, namespace: namespace, kubernetes)
                failures = 0
                while !Task.isCancelled {
                    let options = WatchOptions(
                        resourceVersion: resourceVersion,
                        labelSelector: configuration.labelSelector,
                        allowBookmarks: true,
                        timeoutSeconds: configuration.watchTimeoutSeconds
                    )
                    let stream = try await kubernetes.watch(resource, namespace: namespace, options: options)
                        .decoded { try JSONValue(parsing: $0) }
                    if let version = try await applyInBatches(stream) { resourceVersion = version }
                    configuration.metrics.restarted(.timeout)
                }
            } catch let error as KubernetesError where error.code == .expired {
                configuration.metrics.restarted(.expired)
                logger.info("watch expired; listing again", metadata: ["gateway.namespace": "\(namespace ?? "*")"])
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                configuration.metrics.restarted(.error)
                if !StoreError.isStorageFull(error) { configuration.progress.reached(false) }
                if StoreError.isStorageFull(error) {
                    // Logged once by the storage's health; the sync retries with backoff.
                    logger.debug("status sync cannot write: storage is full", metadata: ["gateway.failures": "\(failures)"])
                } else {
                    logger.warning(
                        "status sync cannot reach the cluster",
                        metadata: ["gateway.error": "\(error)", "gateway.failures": "\(failures)"]
                    )
                }
                let delay = configuration.retry.delay(afterAttempt: failures, random: Double.random(in: 0..<1))
                try? await Task.sleep(for: delay)
            }
        }
    }

    /// Lists every object of the scope and reconciles the store with it.
    /// - Returns: the list's resource version, to watch from.
    func listAndReconcile(
        _ resource: KubernetesResource,
        namespace: String?,
        _ kubernetes: any KubernetesAPI
    ) async throws -> String {
        let options = ListOptions(labelSelector: configuration.labelSelector, limit: 500)
        let list = try await kubernetes.listAll(resource, namespace: namespace, options: options, as: JSONValue.self)
        configuration.metrics.relisted()
        try await reconciler.reconcile(listed: list.items, namespace: namespace, policy: configuration.driftPolicy)
        configuration.progress.listed(namespace)
        return list.resourceVersion ?? "0"
    }

    /// How many objects' events are applied at once.
    static let concurrentApplies = 64

    /// Follows `stream` until it ends: a reader gathers its events in a ``WatchBatch`` while the
    /// batches gathered so far are applied, each object's events concurrently with the others'.
    /// - Returns: the resource version of the newest event applied, to resume from.
    func applyInBatches(_ stream: WatchStream<JSONValue>) async throws -> String? {
        let batch = WatchBatch()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await event in stream { batch.add(event) }
                    batch.finish()
                } catch {
                    batch.finish(throwing: error)
                }
            }
            var resourceVersion: String?
            while let taken = try await batch.take() {
                for start in stride(from: 0, to: taken.events.count, by: Self.concurrentApplies) {
                    let slice = taken.events[start..<min(start + Self.concurrentApplies, taken.events.count)]
                    try await withThrowingTaskGroup(of: Void.self) { appliers in
                        for event in slice {
                            appliers.addTask { try await self.apply(event) }
                        }
                        try await appliers.waitForAll()
                    }
                }
                resourceVersion = taken.resourceVersion ?? resourceVersion
                configuration.metrics.applied(since: taken.firstArrival)
            }
            try await group.waitForAll()
            return resourceVersion
        }
    }

    /// Applies one watch event to the store (the batch it came in tracks the resource version).
    func apply(_ event: WatchEvent<JSONValue>) async throws {
        switch event.type {
        case .added, .modified:
            try await reconciler.observe(event.object, policy: configuration.driftPolicy)
        case .deleted:
            try await reconciler.observeDeletion(event.object)
        default:
            // Bookmarks only carry a resource version; errors are thrown by the stream.
            break
        }
    }
}
