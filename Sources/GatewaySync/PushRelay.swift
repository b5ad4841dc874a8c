import Foundation
import GatewayCore
import GatewayPersistence
import KubernetesClient
import Logging
import ServiceLifecycle

/// Pushes the outbox to Kubernetes: the gateway's only writer to the cluster.
///
/// Entries of one workload go in order (the outbox hands out one per workload at a time);
/// different workloads go concurrently. An `apply` is a server-side apply of the deterministic
/// object, so a replay after a crash or a lost answer changes nothing; a `delete` of an object
/// that is already gone counts as done. Failures are retried on a ``RetrySchedule`` honouring
/// `Retry-After`; a refusal that no retry can fix (invalid object, admission, quota) fails the
/// entry at once, and the workload shows the error.
public struct PushRelay: Service {
    /// What the relay needs from the rest of the gateway.
    public struct Dependencies: Sendable {
        /// The outbox to drain.
        public var outbox: any OutboxRepository
        /// Opens the Kubernetes client (in embedded mode, once the listener has its port).
        public var kubernetes: @Sendable () async throws -> any KubernetesAPI
        /// Rung by the store after every commit that queues a push (``Doorbell/init(feed:)``).
        public var doorbell: Doorbell
        /// Where submits waiting for their first push hear of it.
        public var outcomes: PushOutcomes
        /// Which request queued each workload's push, for the log lines of the push.
        public var correlation = PushCorrelation()

        /// Creates the dependencies.
        public init(
            outbox: any OutboxRepository,
            kubernetes: @escaping @Sendable () async throws -> any KubernetesAPI,
            doorbell: Doorbell,
            outcomes: PushOutcomes
        ) {
            self.outbox = outbox
            self.kubernetes = kubernetes
            self.doorbell = doorbell
            self.outcomes = outcomes
        }
    }

    /// How the relay behaves.
    public struct Configuration: Sendable {
        /// When to retry failed pushes.
        public var retry: RetrySchedule
        /// Entries pushed at once.
        public var concurrency: Int
        /// How long the relay sleeps when idle, if nothing rings.
        public var idlePoll: Duration
        /// The field manager of server-side apply.
        public var fieldManager: String
        /// Where pushes are counted and timed.
        public var metrics: PushMetrics

        /// Creates a configuration.
        public init(
            retry: RetrySchedule = RetrySchedule(),
            concurrency: Int = 16,
            idlePoll: Duration = .seconds(1),
            fieldManager: String = InferenceWorkload.managedByValue,
            metrics: PushMetrics = PushMetrics()
        ) {
            self.retry = retry
            self.concurrency = concurrency
            self.idlePoll = idlePoll
            self.fieldManager = fieldManager
            self.metrics = metrics
        }
    }

    let dependencies: Dependencies
    let configuration: Configuration
    let logger: Logger

    /// Creates a relay.
    public init(dependencies: Dependencies, configuration: Configuration = Configuration(), logger: Logger) {
        self.dependencies = dependencies
        self.configuration = configuration
        self.logger = logger
    }

    /// Drains the outbox until the service is shut down.
    public func run() async throws {
        let kubernetes: any KubernetesAPI
        do {
            kubernetes = try await cancelWhenGracefulShutdown { try await self.dependencies.kubernetes() }
        } catch is CancellationError {
            return  // shut down before the cluster was reachable
        }
        // A graceful shutdown ends the wait for work, never a push under way: the pushes of the
        // current round finish (or fail and stay due), then the loop ends.
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let pushed = await drainOnce(kubernetes)
            if pushed == 0 {
                await cancelWhenGracefulShutdown { await self.dependencies.doorbell.wait(timeout: self.configuration.idlePoll) }
            }
        }
    }

    /// Pushes the entries due now, at most ``Configuration/concurrency`` at a time.
    /// - Returns: how many entries were attempted.
    @discardableResult
    public func drainOnce(_ kubernetes: any KubernetesAPI) async -> Int {
        let due: [OutboxEntry]
        do {
            due = try await dependencies.outbox.due(at: Date(), limit: configuration.concurrency)
        } catch {
            logger.error("cannot read the outbox", metadata: ["gateway.error": "\(error)"])
            return 0
        }
        await withTaskGroup(of: Void.self) { group in
            for entry in due {
                group.addTask { await self.push(entry, kubernetes) }
            }
        }
        return due.count
    }

    private func push(_ entry: OutboxEntry, _ kubernetes: any KubernetesAPI) async {
        // The request that queued the push, sent along as X-Request-Id and named in its log lines.
        let requestID = dependencies.correlation.requestID(of: entry.workloadID)
        await KubernetesRequestCorrelation.$requestID.withValue(requestID) { await push(entry, kubernetes, requestID: requestID) }
    }

    private func push(_ entry: OutboxEntry, _ kubernetes: any KubernetesAPI, requestID: String?) async {
        let started = ContinuousClock.now
        do {
            let target = try PushTarget(entry)
            var uid: String?
            var resourceVersion: String?
            switch entry.operation {
            case .apply:
                let answer = try await kubernetes.patch(
                    target.resource,
                    namespace: target.namespace,
                    name: target.name,
                    subresource: nil,
                    patch: .apply(Data(entry.payload.utf8), force: true),
                    options: WriteOptions(fieldManager: configuration.fieldManager)
                )
                let metadata = (try? JSONValue(parsing: answer))?["metadata"]
                uid = metadata?["uid"]?.stringValue
                resourceVersion = metadata?["resourceVersion"]?.stringValue
            case .delete:
                do {
                    _ = try await kubernetes.delete(
                        target.resource,
                        namespace: target.namespace,
                        name: target.name,
                        options: DeleteOptions(propagationPolicy: .background)
                    )
                } catch let error as KubernetesError where error.code == .notFound {
                    // Already gone: the delete is done.
                }
            }
            try await dependencies.outbox.complete(id: entry.id, clusterUID: uid, resourceVersion: resourceVersion, at: Date())
            configuration.metrics.record(entry.operation, .pushed, duration: ContinuousClock.now - started)
            await dependencies.outcomes.publish(.pushed, for: entry.workloadID)
            var metadata: Logger.Metadata = [
                "gateway.workload": "\(target.namespace)/\(target.name)", "gateway.operation": "\(entry.operation)",
                "gateway.duration_ms": "\((ContinuousClock.now - started).milliseconds)",
            ]
            if let requestID { metadata["gateway.request_id"] = .string(requestID) }
            logger.debug("pushed", metadata: metadata)
        } catch {
            await handle(error, of: entry, started: started)
        }
    }

    private func handle(_ error: any Error, of entry: OutboxEntry, started: ContinuousClock.Instant) async {
        let failure = PushFailure(error)
        let attempts = entry.attempts + 1
        let givenUp = failure.isPermanent || attempts >= configuration.retry.maximumAttempts
        configuration.metrics.record(entry.operation, givenUp ? .failed : .deferred, duration: ContinuousClock.now - started)
        do {
            if givenUp {
                try await dependencies.outbox.fail(id: entry.id, error: failure.message, at: Date())
                await dependencies.outcomes.publish(
                    .rejected(code: failure.httpStatus ?? 502, reason: failure.reason, message: failure.message),
                    for: entry.workloadID
                )
                var metadata: Logger.Metadata = ["gateway.outbox": "\(entry.id)", "gateway.error": "\(failure.message)"]
                if let requestID = KubernetesRequestCorrelation.requestID { metadata["gateway.request_id"] = .string(requestID) }
                logger.warning("push failed for good", metadata: metadata)
            } else {
                let delay = configuration.retry.delay(
                    afterAttempt: attempts,
                    retryAfter: failure.retryAfter,
                    random: Double.random(in: 0..<1)
                )
                try await dependencies.outbox.retry(id: entry.id, error: failure.message, nextAttemptAt: Date() + delay)
                await dependencies.outcomes.publish(.deferred(message: failure.message), for: entry.workloadID)
                var metadata: Logger.Metadata = [
                    "gateway.outbox": "\(entry.id)", "gateway.attempts": "\(attempts)", "gateway.error": "\(failure.message)",
                ]
                if let requestID = KubernetesRequestCorrelation.requestID { metadata["gateway.request_id"] = .string(requestID) }
                logger.info("push deferred", metadata: metadata)
            }
        } catch {
            // A full disk is logged once by the storage's health, not per push.
            logger.log(
                level: StoreError.isStorageFull(error) ? .debug : .error,
                "cannot record a push failure",
                metadata: ["gateway.error": "\(error)"]
            )
        }
    }
}

extension Date {
    /// This date moved by a duration.
    static func + (date: Date, duration: Duration) -> Date {
        date.addingTimeInterval(duration.seconds)
    }
}
