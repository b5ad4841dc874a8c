import Foundation

/// A legacy workload shown as the `Deployment` and `Service` a legacy manifest would have made:
/// one record, two views, whichever way it was submitted.
///
/// The spec comes from the `InferenceWorkload` alone, so that translating the view again gives the
/// same workload; `status` and the server-set `metadata` come from ``LegacyWorkloadState``.
/// `pvcs` and `gitSync` (REST-only) have no legacy manifest form and are not shown.
public enum LegacyWorkloadViews {
    /// The label selecting the workload's pods in the views: `app: <name>`, as the legacy manifests had it.
    public static let appLabel = "app"
    /// The Service annotation with the URL the cluster reports, as Run:ai wrote it.
    public static let serviceURLAnnotation = "runai-service-url"
    /// The name of the `/dev/shm` volume that stands for `largeShm`.
    public static let sharedMemoryVolume = "dshm"

    /// The Deployment `workload` stands for, with its metadata and status.
    public static func deployment(of workload: InferenceWorkload, state: LegacyWorkloadState) -> JSONValue {
        let model = deploymentModel(of: workload)
        var object = model.jsonValue
        object["metadata"] = serverMetadata(object["metadata"] ?? [:], state: state, generation: true)
        object["status"] = deploymentStatus(name: model.name, replicas: model.replicas, state: state)
        return object
    }

    /// The Service `workload` stands for, with its metadata and status; `nil` when it has no service type or no port.
    public static func service(of workload: InferenceWorkload, state: LegacyWorkloadState) -> JSONValue? {
        guard let model = serviceModel(of: workload) else { return nil }
        var object = model.jsonValue
        var metadata = serverMetadata(object["metadata"] ?? [:], state: state, generation: false)
        if let url = state.connectionURL, !url.isEmpty { metadata[path: ["annotations", serviceURLAnnotation]] = .string(url) }
        object["metadata"] = metadata
        if let clusterIP = state.clusterIP { object[path: ["spec", "clusterIP"]] = .string(clusterIP) }
        var loadBalancer: JSONValue = [:]
        if model.type == .loadBalancer, state.isRunning, let host = state.connectionURL.flatMap({ URLComponents(string: $0)?.host }) {
            loadBalancer["ingress"] = [["hostname": .string(host)]]
        }
        object["status"] = ["loadBalancer": loadBalancer]
        return object
    }

    /// The Deployment's `status`, read by `kubectl rollout status`: every replica counts as updated
    /// (the workload has one revision); ready and available ones are those that serve. `Progressing`
    /// is `True` while the workload starts and once it runs, and `False` with
    /// `ProgressDeadlineExceeded` once it fails (``LegacyWorkloadState/isFailing``).
    public static func deploymentStatus(name: String, replicas: Int, state: LegacyWorkloadState) -> JSONValue {
        let ready = min(replicas, state.readyReplicas ?? (state.isRunning ? replicas : 0))
        let time = JSONValue.string(state.updatedTimestamp ?? state.creationTimestamp ?? "1970-01-01T00:00:00Z")
        var status: JSONValue = [
            "observedGeneration": .integer(state.observedGeneration ?? state.generation),
            "replicas": .integer(Int64(replicas)),
            "updatedReplicas": .integer(Int64(replicas)),
        ]
        if ready > 0 {
            status["readyReplicas"] = .integer(Int64(ready))
            status["availableReplicas"] = .integer(Int64(ready))
        }
        if replicas > ready { status["unavailableReplicas"] = .integer(Int64(replicas - ready)) }
        let available = state.isRunning && ready >= replicas
        let progressing: (String, String, String)
        if state.isFailing {
            let why = [state.status, state.failure ?? state.clusterMessage].compactMap { $0 }.joined(separator: ": ")
            progressing = ("False", "ProgressDeadlineExceeded", "ReplicaSet \"\(name)\" has timed out progressing: \(why)")
        } else if available {
            progressing = ("True", "NewReplicaSetAvailable", "ReplicaSet \"\(name)\" has successfully progressed.")
        } else {
            progressing = ("True", "ReplicaSetUpdated", "ReplicaSet \"\(name)\" is progressing: the workload is \(state.status).")
        }
        status["conditions"] = [
            [
                "type": "Available", "status": available ? "True" : "False",
                "reason": available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                "message": available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
                "lastUpdateTime": time, "lastTransitionTime": time,
            ],
            [
                "type": "Progressing", "status": .string(progressing.0), "reason": .string(progressing.1),
                "message": .string(progressing.2), "lastUpdateTime": time, "lastTransitionTime": time,
            ],
        ]
        return status
    }

    private static func serverMetadata(_ metadata: JSONValue, state: LegacyWorkloadState, generation: Bool) -> JSONValue {
        var metadata = metadata
        if let uid = state.uid { metadata["uid"] = .string(uid) }
        if let version = state.resourceVersion { metadata["resourceVersion"] = .string(version) }
        if let created = state.creationTimestamp { metadata["creationTimestamp"] = .string(created) }
        if generation { metadata["generation"] = .integer(state.generation) }
        return metadata
    }
}
