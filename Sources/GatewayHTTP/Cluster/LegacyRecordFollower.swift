import EmbeddedCluster
import Foundation
import GatewayCore
import GatewayPersistence
import Logging
import ServiceLifecycle

/// In front of a real cluster, keeps the gateway's legacy `Deployment`s and `Service`s in step with
/// their workload records: one record, two views.
///
/// The `InferenceWorkload`s live in the real cluster, not in the gateway's store, so nothing there
/// to watch: status sync copies what the cluster reports into the records, and this follower copies
/// each record's status onto the Deployment (replicas, ready and available counts,
/// `observedGeneration`, the `Progressing`/`Available` conditions of ``LegacyWorkloadViews``) and
/// the Service (the URL the cluster reports) of the same namespace and name. A status write that
/// changes nothing writes nothing, so a watching `kubectl rollout status` sees only real changes
/// and ends when the workload runs, or fails when it cannot.
///
/// It wakes when the records' revision (``StoreChangeFeed/workloadsRevision``) moved, checked every
/// ``interval``, and after each translated write (``refresh(namespace:name:)``).
struct LegacyRecordFollower: Service {
    let store: ClusterStore
    let deployments: ResourceKind
    let workloads: any WorkloadRepository
    let changes: any StoreChangeFeed
    /// How often the records' revision is checked.
    var interval: Duration = .milliseconds(100)
    let logger: Logger

    func run() async throws {
        var seen: Int?
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let revision = changes.workloadsRevision
            if revision != seen {
                seen = revision
                await followAll()
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }

    /// Brings every stored Deployment in step with its record.
    func followAll() async {
        do {
            for object in try await store.list(kind: deployments, namespace: nil).items {
                guard let namespace = object[path: ["metadata", "namespace"]]?.stringValue,
                    let name = object[path: ["metadata", "name"]]?.stringValue
                else { continue }
                try await follow(object, namespace: namespace, name: name)
            }
        } catch {
            logger.warning("the legacy Deployments could not follow their records", metadata: ["gateway.error": "\(error)"])
        }
    }

    /// Brings the Deployment `namespace/name` in step with its record, if both exist.
    func refresh(namespace: String, name: String) async {
        guard let object = try? await store.get(kind: deployments, namespace: namespace, name: name) else { return }
        do {
            try await follow(object, namespace: namespace, name: name)
        } catch {
            logger.warning("a legacy Deployment could not follow its record", metadata: ["gateway.error": "\(error)"])
        }
    }

    private func follow(_ deployment: JSONValue, namespace: String, name: String) async throws {
        guard LegacyKindPath.isGatewayDeployment(deployment),
            let record = try await workloads.objectHistory(namespace: namespace, name: name, limit: 1).first,
            record.deletedAt == nil
        else { return }
        let generation = deployment[path: ["metadata", "generation"]]?.integerValue ?? 1
        var state = LegacyWorkloadState(record: record, generation: generation)
        state.observedGeneration = generation
        let replicas = Int(deployment[path: ["spec", "replicas"]]?.integerValue ?? 1)
        let status = LegacyWorkloadViews.deploymentStatus(name: name, replicas: replicas, state: state)
        try await store.updateStatus(kind: deployments, namespace: namespace, name: name) { object in
            object["status"] = status
        }
        let desired = try InferenceWorkload(jsonData: Data(record.desiredObject.utf8))
        guard let view = LegacyWorkloadViews.service(of: desired, state: state),
            (try? await store.get(kind: .services, namespace: namespace, name: name)) != nil
        else { return }
        let url = view[path: ["metadata", "annotations", LegacyWorkloadViews.serviceURLAnnotation]]
        let serviceStatus = view["status"]
        try await store.updateStatus(kind: .services, namespace: namespace, name: name) { object in
            object["status"] = serviceStatus
            if let url { object[path: ["metadata", "annotations", LegacyWorkloadViews.serviceURLAnnotation]] = url }
        }
    }
}
