import Foundation
import GatewayCore
import Logging
import ServiceLifecycle

/// The embedded cluster's simulated controller: brings new `InferenceWorkload`s from `Pending`
/// to `Running` (or `ImagePullBackOff`) after a delay, and finishes their deletion.
///
/// It reacts to the store's watch only: on start it receives every object (so work interrupted
/// by a restart resumes), then each change. The status it writes is described on
/// ``WorkloadSimulation``.
///
/// Finalizers: the controller adds its own finalizer (``Configuration/finalizer``, default
/// `run.ai/embedded-controller`) when it first sees a workload, and removes it once deletion has
/// started, writing `runai-calculated-status: Terminating` in the same update. So a delete is
/// two-phase like on a real cluster (`kubectl delete` waits for the DELETED event), and finalizers
/// of other clients are honoured: the object stays until they are removed too. With the
/// controller not running, no finalizer is added and deletes are immediate. Set `finalizer` to
/// `nil` to leave finalizers entirely to clients.
///
/// A spec change (new generation) of a running, healthy workload updates its status at once; any
/// other new generation goes through `Pending` and the delay again.
public struct SimulatedController: Service {
    /// Controller settings.
    public struct Configuration: Sendable {
        /// How long a new workload stays `Pending`.
        public var startupDelay: Duration
        /// The share of workloads (0.0 – 1.0, chosen by a stable hash of namespace/name) that fail
        /// with `ImagePullBackOff`.
        public var failureShare: Double
        /// Workloads whose image contains this text always fail (empty: none).
        public var failingImagePattern: String
        /// The finalizer the controller manages, or `nil` for none.
        public var finalizer: String?
        /// The simulated nodes replicas run on.
        public var nodeNames: [String]
        /// The field manager of the controller's writes.
        public var fieldManager: String

        /// Creates settings.
        public init(
            startupDelay: Duration = .seconds(3),
            failureShare: Double = 0,
            failingImagePattern: String = "does-not-exist",
            finalizer: String? = "run.ai/embedded-controller",
            nodeNames: [String] = ["embedded-node-0", "embedded-node-1", "embedded-node-2"],
            fieldManager: String = "embedded-controller"
        ) {
            self.startupDelay = startupDelay
            self.failureShare = min(1, max(0, failureShare))
            self.failingImagePattern = failingImagePattern
            self.finalizer = finalizer
            self.nodeNames = nodeNames
            self.fieldManager = fieldManager
        }
    }

    let store: ClusterStore
    let configuration: Configuration
    let logger: Logger
    let sleep: @Sendable (Duration) async throws -> Void

    /// Creates the controller.
    /// - Parameters:
    ///   - store: the store to watch and update.
    ///   - configuration: delays, failure share, finalizer.
    ///   - logger: where transitions are logged.
    ///   - sleep: waits out the startup delay; inject a fake clock in tests.
    public init(
        store: ClusterStore,
        configuration: Configuration = Configuration(),
        logger: Logger,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.sleep = sleep
    }

    /// Runs until cancelled or a graceful shutdown; re-watches if the watch ends.
    public func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let watch = try await store.watch(WatchRequest())
            try await withGracefulShutdownHandler {
                try await withThrowingDiscardingTaskGroup { group in
                    var scheduled: Set<String> = []
                    for await event in watch {
                        handle(event, scheduled: &scheduled, group: &group)
                    }
                    group.cancelAll()
                }
            } onGracefulShutdown: {
                watch.stop()
            }
        }
    }

    private func handle(_ event: WatchEvent, scheduled: inout Set<String>, group: inout ThrowingDiscardingTaskGroup<any Error>) {
        let object: JSONValue
        switch event {
        case .added(let value), .modified(let value): object = value
        case .deleted(let value):
            let key = Self.key(value)
            scheduled = scheduled.filter { !$0.hasPrefix(key + "@") }
            return
        case .bookmark, .error: return
        }
        let namespace = object[path: ["metadata", "namespace"]]?.stringValue ?? ""
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        let generation = object[path: ["metadata", "generation"]]?.integerValue ?? 1
        if MetadataRules.isTerminating(object) {
            if let finalizer = configuration.finalizer, MetadataRules.finalizers(of: object).contains(finalizer) {
                group.addTask { await guarded { try await finishDeletion(namespace: namespace, name: name) } }
            }
            return
        }
        let simulation = WorkloadSimulation(object: object)
        let observed = object[path: ["status", "observedGeneration"]]?.integerValue
        let calculated = object[path: ["metadata", "annotations", "runai-calculated-status"]]?.stringValue
        let timer = "\(Self.key(object))@\(generation)"
        if observed != generation {
            let healthy = !fails(namespace: namespace, name: name, simulation: simulation)
            if calculated == WorkloadSimulation.Phase.running.rawValue, healthy {
                group.addTask {
                    await guarded { try await transition(namespace: namespace, name: name, generation: generation, to: .running, from: nil) }
                }
            } else {
                scheduled.insert(timer)
                group.addTask {
                    await guarded {
                        try await transition(namespace: namespace, name: name, generation: generation, to: .pending, from: nil)
                        try await sleep(configuration.startupDelay)
                        try await settle(namespace: namespace, name: name, generation: generation)
                    }
                }
            }
        } else if calculated == WorkloadSimulation.Phase.pending.rawValue, !scheduled.contains(timer) {
            scheduled.insert(timer)
            group.addTask {
                await guarded {
                    try await sleep(configuration.startupDelay)
                    try await settle(namespace: namespace, name: name, generation: generation)
                }
            }
        }
    }

    /// Runs one piece of work; a failure is logged (the workload is picked up again on its next change or restart).
    private func guarded(_ work: () async throws -> Void) async {
        do {
            try await work()
        } catch is CancellationError {
            return
        } catch let error as KubeStatusError where error.code == 404 {
            return
        } catch let error as KubeStatusError where error == .storageFull {
            // Logged once by the storage's health; the workload is picked up again on its next change.
            logger.debug("embedded controller update deferred: storage is full")
        } catch {
            logger.warning("embedded controller update failed", metadata: ["cluster.error": .string(String(describing: error))])
        }
    }

    private func fails(namespace: String, name: String, simulation: WorkloadSimulation) -> Bool {
        WorkloadSimulation.fails(
            namespace: namespace,
            name: name,
            image: simulation.image,
            failureShare: configuration.failureShare,
            failingImagePattern: configuration.failingImagePattern
        )
    }

    /// After the delay: Running, or ImagePullBackOff for a failing workload.
    private func settle(namespace: String, name: String, generation: Int64) async throws {
        let current = try await store.get(namespace: namespace, name: name)
        let failing = fails(namespace: namespace, name: name, simulation: WorkloadSimulation(object: current))
        try await transition(
            namespace: namespace,
            name: name,
            generation: generation,
            to: failing ? .imagePullBackOff : .running,
            from: .pending
        )
    }

    /// Writes the status of `phase`, if the object is still at `generation` (and in `from`, when given).
    private func transition(
        namespace: String,
        name: String,
        generation: Int64,
        to phase: WorkloadSimulation.Phase,
        from: WorkloadSimulation.Phase?
    ) async throws {
        let nodeNames = configuration.nodeNames
        let finalizer = configuration.finalizer
        let now = MetadataRules.timestamp(store.configuration.now())
        let result = try await store.updateStatus(namespace: namespace, name: name, fieldManager: configuration.fieldManager) { object in
            guard object[path: ["metadata", "generation"]]?.integerValue ?? 1 == generation, !MetadataRules.isTerminating(object) else { return }
            if let from, object[path: ["metadata", "annotations", "runai-calculated-status"]]?.stringValue != from.rawValue { return }
            object = WorkloadSimulation(object: object).applying(phase, to: object, nodeNames: nodeNames, now: now)
            if let finalizer, !MetadataRules.finalizers(of: object).contains(finalizer) {
                object[path: ["metadata", "finalizers"]] = .array(
                    (object[path: ["metadata", "finalizers"]]?.arrayValue ?? []) + [.string(finalizer)]
                )
            }
        }
        if result != nil {
            logger.debug(
                "workload status",
                metadata: ["cluster.namespace": .string(namespace), "cluster.name": .string(name), "cluster.status": .string(phase.rawValue)]
            )
        }
    }

    /// Removes the controller's finalizer from a terminating workload.
    private func finishDeletion(namespace: String, name: String) async throws {
        guard let finalizer = configuration.finalizer else { return }
        try await store.updateStatus(namespace: namespace, name: name, fieldManager: configuration.fieldManager) { object in
            guard MetadataRules.isTerminating(object) else { return }
            object[path: ["metadata", "annotations", "runai-calculated-status"]] = "Terminating"
            let remaining = MetadataRules.finalizers(of: object).filter { $0 != finalizer }
            object[path: ["metadata", "finalizers"]] = remaining.isEmpty ? nil : .array(remaining.map(JSONValue.string))
        }
    }

    private static func key(_ object: JSONValue) -> String {
        "\(object[path: ["metadata", "namespace"]]?.stringValue ?? "")/\(object[path: ["metadata", "name"]]?.stringValue ?? "")"
    }
}
