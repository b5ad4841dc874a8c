import EmbeddedCluster
import Foundation
import GatewayCore
import GatewayPersistence
import Logging
import ServiceLifecycle

/// Keeps the embedded cluster's legacy `Deployment`s in step with their `InferenceWorkload`s: one
/// record, two views.
///
/// It follows the store's watch of `InferenceWorkload`s. On each change it writes the status of
/// the Deployment of the same namespace and name (replicas, ready and available counts,
/// `observedGeneration`, the `Progressing`/`Available` conditions of ``LegacyWorkloadViews``), so
/// `kubectl rollout status` ends when the workload runs and fails when it cannot. A workload
/// the gateway pushed for a REST submit, with no Deployment yet, gets its Deployment view; when a
/// workload goes away, so does its Deployment.
struct LegacyStatusFollower: Service {
    let store: ClusterStore
    let deployments: ResourceKind
    let workloads: any WorkloadRepository
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let watch = try await store.watch(WatchRequest(kind: .inferenceWorkloads))
            await withGracefulShutdownHandler {
                for await event in watch {
                    await handle(event)
                }
            } onGracefulShutdown: {
                watch.stop()
            }
        }
    }

    private func handle(_ event: WatchEvent) async {
        do {
            switch event {
            case .added(let object), .modified(let object):
                try await follow(object)
            case .deleted(let object):
                guard Self.isManaged(object), let (namespace, name) = Self.identity(object) else { return }
                _ = try? await store.delete(kind: deployments, namespace: namespace, name: name)
            case .bookmark, .error:
                return
            }
        } catch {
            logger.warning("a legacy Deployment could not follow its workload", metadata: ["gateway.error": "\(error)"])
        }
    }

    /// Writes the status of the workload's Deployment, creating the view of a REST-submitted workload.
    func follow(_ workload: JSONValue) async throws {
        guard Self.isManaged(workload), let (namespace, name) = Self.identity(workload) else { return }
        let record = try await workloads.objectHistory(namespace: namespace, name: name, limit: 1).first
        guard let record, record.deletedAt == nil else { return }
        let existing = try? await store.get(kind: deployments, namespace: namespace, name: name)
        let generation = existing?[path: ["metadata", "generation"]]?.integerValue ?? 1
        var state = LegacyWorkloadState(record: record, cluster: workload, generation: generation)
        state.status = LegacyStatusMapper.status(ofObject: workload)
        state.observedGeneration = generation
        guard existing != nil else {
            try await createView(record: record, state: state, namespace: namespace)
            return
        }
        let replicas = Int(existing?[path: ["spec", "replicas"]]?.integerValue ?? 1)
        let status = LegacyWorkloadViews.deploymentStatus(name: name, replicas: replicas, state: state)
        try await store.updateStatus(kind: deployments, namespace: namespace, name: name) { object in
            object["status"] = status
        }
        try await followService(record: record, state: state, namespace: namespace, name: name)
    }

    /// Writes what the cluster reports of the workload (the URL it serves at, a load balancer's
    /// address) on the stored Service of the same name, if there is one.
    private func followService(record: Workload, state: LegacyWorkloadState, namespace: String, name: String) async throws {
        let desired = try InferenceWorkload(jsonData: Data(record.desiredObject.utf8))
        guard let view = LegacyWorkloadViews.service(of: desired, state: state) else { return }
        let url = view[path: ["metadata", "annotations", LegacyWorkloadViews.serviceURLAnnotation]]
        let status = view["status"]
        try await store.updateStatus(kind: .services, namespace: namespace, name: name) { object in
            object["status"] = status
            if let url { object[path: ["metadata", "annotations", LegacyWorkloadViews.serviceURLAnnotation]] = url }
        }
    }

    /// Refreshes the Deployment `namespace/name` from its workload, if the workload exists yet.
    func refresh(namespace: String, name: String) async {
        guard let workload = try? await store.get(namespace: namespace, name: name) else { return }
        try? await follow(workload)
    }

    /// Stores the Deployment a REST-submitted workload stands for.
    private func createView(record: Workload, state: LegacyWorkloadState, namespace: String) async throws {
        let desired = try InferenceWorkload(jsonData: Data(record.desiredObject.utf8))
        var view = LegacyWorkloadViews.deployment(of: desired, state: state)
        let metadata = view["metadata"] ?? [:]
        view["metadata"] = [
            "name": metadata["name"] ?? .string(record.name), "labels": metadata["labels"] ?? [:], "annotations": metadata["annotations"] ?? [:],
        ]
        let status = view["status"]
        view["status"] = nil
        let created: Bool
        do {
            _ = try await store.create(kind: deployments, namespace: namespace, object: view)
            created = true
        } catch {
            // A client created it meanwhile (AlreadyExists): its own write rules.
            created = false
        }
        guard created else { return }
        try await store.updateStatus(kind: deployments, namespace: namespace, name: record.name) { object in
            object["status"] = status
        }
    }

    private static func isManaged(_ object: JSONValue) -> Bool {
        object[path: ["metadata", "labels", InferenceWorkload.managedByLabel]] != nil
    }

    private static func identity(_ object: JSONValue) -> (String, String)? {
        guard let namespace = object[path: ["metadata", "namespace"]]?.stringValue,
            let name = object[path: ["metadata", "name"]]?.stringValue
        else { return nil }
        return (namespace, name)
    }
}
