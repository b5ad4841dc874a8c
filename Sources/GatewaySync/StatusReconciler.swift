import Foundation
import GatewayCore
import GatewayPersistence
import Logging

/// Writes what the cluster shows into the workload records, and notices drift.
///
/// Pure decisions (which legacy status an object means, whether it drifted) live in
/// ``ClusterObservation`` and ``StatusReconciler/drifted(desired:actual:)``; this type only
/// reads and writes the store.
public struct StatusReconciler: Sendable {
    let workloads: any WorkloadRepository
    let outbox: any OutboxRepository
    let logger: Logger

    /// Creates a reconciler over the store. The pushes it queues wake the relay through the
    /// store's ``StoreChangeFeed``.
    public init(workloads: any WorkloadRepository, outbox: any OutboxRepository, logger: Logger) {
        self.workloads = workloads
        self.outbox = outbox
        self.logger = logger
    }

    /// Reconciles the store with a full list of one scope (a namespace, or all when `nil`).
    ///
    /// Every listed object is observed; a live workload the cluster should hold (desired
    /// present, already pushed) but does not list was deleted behind the gateway's back. A
    /// successful list also means the cluster is reachable: queued pushes are made due now.
    public func reconcile(listed: [JSONValue], namespace: String?, policy: StatusSync.DriftPolicy) async throws {
        var present = Set<String>()
        for object in listed {
            guard let key = Self.key(of: object) else { continue }
            present.insert(key)
            try await observe(object, policy: policy)
        }
        for workload in try await workloads.list(project: nil)
        where namespace == nil || workload.namespace == namespace {
            let key = "\(workload.namespace)/\(workload.name)"
            guard workload.handover == nil, workload.desiredState == .present, workload.syncState == .synced, !present.contains(key)
            else {
                continue
            }
            try await markDeletedOutside(workload)
        }
        try await outbox.expedite(at: Date())
    }

    /// Records the status of an added or modified object, and handles drift.
    ///
    /// Only the object the gateway pushed feeds a record (``ObjectOwnership``): one in another
    /// namespace is ignored whatever its labels say, and another `uid` under the record's name is
    /// drift (re-applied or reported), its status never copied.
    public func observe(_ object: JSONValue, policy: StatusSync.DriftPolicy) async throws {
        let workload: Workload
        switch try await ownership(of: object) {
        case .unmanaged:
            logger.debug("object not managed by this store", metadata: ["gateway.object": "\(Self.key(of: object) ?? "?")"])
            return
        case .replaced(let record, let uid):
            try await observeReplacement(of: record, uid: uid, policy: policy)
            return
        case .owned(let record):
            workload = record
        }
        let observation = ClusterObservation(object: object)
        let drift =
            workload.desiredState == .present && workload.syncState == .synced
            && Self.drifted(desired: workload.desiredObject, actual: object)
        if drift && policy == .reapply {
            logger.info("object changed outside the gateway; applying again", metadata: ["gateway.workload": "\(workload.id)"])
            try await workloads.enqueueApply(id: workload.id, at: Date())
        }
        let resourceVersion = object["metadata"]?["resourceVersion"]?.stringValue
        let uid = object["metadata"]?["uid"]?.stringValue
        try await workloads.update(id: workload.id) { record in
            record.clusterUID = uid ?? record.clusterUID
            record.clusterResourceVersion = resourceVersion ?? record.clusterResourceVersion
            if record.desiredState == .absent {
                record.status = record.deletedAt == nil ? record.status : "Terminating"
                return
            }
            record.status = observation.status
            record.nodes = observation.nodes
            record.allocatedGPUs = observation.allocatedGPUs
            record.connectionURL = observation.connectionURL ?? record.connectionURL
            if drift && policy == .report {
                record.lastError = "the InferenceWorkload was changed outside the gateway"
            } else if record.syncState == .synced {
                record.lastError = nil
            }
        }
    }

    /// Records that an object is gone from the cluster (only the object the gateway pushed counts).
    public func observeDeletion(_ object: JSONValue) async throws {
        guard case .owned(let workload) = try await ownership(of: object) else { return }
        if workload.desiredState == .absent {
            try await workloads.update(id: workload.id) { record in
                record.status = "Deleted"
                record.syncState = .deleted
                record.allocatedGPUs = 0
            }
        } else if workload.syncState == .synced {
            try await markDeletedOutside(workload)
        }
    }

    /// The record an object belongs to, by its namespace, name and `uid`.
    func ownership(of object: JSONValue) async throws -> ObjectOwnership {
        let metadata = object["metadata"]
        guard let namespace = metadata?["namespace"]?.stringValue, let name = metadata?["name"]?.stringValue else {
            return .unmanaged
        }
        let history = try await workloads.objectHistory(namespace: namespace, name: name, limit: ObjectOwnership.historyLimit)
        return ObjectOwnership.match(uid: metadata?["uid"]?.stringValue, history: history)
    }

    /// The record's object was deleted and created again outside the gateway: its status is not
    /// the workload's. With `reapply` the gateway's object is applied again; with `report` the
    /// record only shows the error.
    private func observeReplacement(of workload: Workload, uid: String?, policy: StatusSync.DriftPolicy) async throws {
        guard workload.desiredState == .present, workload.syncState == .synced else { return }
        logger.warning(
            "object replaced outside the gateway",
            metadata: ["gateway.workload": "\(workload.id)", "gateway.uid": "\(uid ?? "")"]
        )
        if policy == .reapply {
            try await workloads.enqueueApply(id: workload.id, at: Date())
        }
        try await workloads.update(id: workload.id) { record in
            record.lastError =
                "the InferenceWorkload was replaced outside the gateway (uid \(uid ?? "none"), pushed as \(record.clusterUID ?? "none"))"
        }
    }

    private func markDeletedOutside(_ workload: Workload) async throws {
        logger.info("object deleted outside the gateway", metadata: ["gateway.workload": "\(workload.id)"])
        try await workloads.update(id: workload.id) { record in
            record.status = "Deleted"
            record.allocatedGPUs = 0
            record.lastError = "the InferenceWorkload was deleted outside the gateway"
        }
    }

    /// Whether the object in the cluster lost or changed anything the gateway applied.
    ///
    /// Only the fields the gateway sets are compared (its spec, labels and annotations): the
    /// cluster may add defaults and status without that being drift.
    public static func drifted(desired: String, actual: JSONValue) -> Bool {
        guard let desired = try? JSONValue(parsing: desired) else { return false }
        for path in [["spec"], ["metadata", "labels"], ["metadata", "annotations"]] {
            if let wanted = desired[path: path], !Self.contains(actual[path: path] ?? .null, wanted) {
                return true
            }
        }
        return false
    }

    /// Whether `value` holds everything in `subset` (objects compared key by key, recursively).
    static func contains(_ value: JSONValue, _ subset: JSONValue) -> Bool {
        guard let wanted = subset.objectValue else { return value == subset }
        guard let have = value.objectValue else { return false }
        return wanted.allSatisfy { key, expected in have[key].map { contains($0, expected) } ?? expected.isNull }
    }

    static func key(of object: JSONValue) -> String? {
        guard let namespace = object["metadata"]?["namespace"]?.stringValue,
            let name = object["metadata"]?["name"]?.stringValue
        else { return nil }
        return "\(namespace)/\(name)"
    }
}
