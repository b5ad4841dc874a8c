import Foundation
import GatewayCore

extension ResourceKind {
    /// `deployments.apps/v1`, the legacy way to submit an inference workload: with `status` and
    /// `scale`; columns NAME, READY, UP-TO-DATE, AVAILABLE, AGE (CONTAINERS, IMAGES, SELECTOR with
    /// `-o wide`); strategic merge patch by the `apps/v1` types' merge keys; replaced by `InferenceWorkload`s.
    public static let deployments = ResourceKind(
        group: "apps",
        versions: ["v1"],
        plural: "deployments",
        singular: "deployment",
        kind: "Deployment",
        shortNames: ["deploy"],
        categories: ["all"],
        subresources: Subresources(
            status: true,
            scale: ScaleSubresource(
                specReplicasPath: ["spec", "replicas"],
                statusReplicasPath: ["status", "replicas"],
                labelSelectorPath: ["spec", "selector"]
            )
        ),
        schema: { _ in WorkloadSchemas.object(spec: WorkloadSchemas.deploymentSpec) },
        table: TableLayout(
            columns: [
                TableLayout.nameColumn,
                TableLayout.Column("Ready", description: "Ready replicas of the desired ones."),
                TableLayout.Column("Up-to-date", type: "integer", description: "Replicas updated to the latest pod template."),
                TableLayout.Column("Available", type: "integer", description: "Replicas available to serve."),
                TableLayout.ageColumn,
                TableLayout.Column("Containers", priority: 1, description: "The containers of the pod template."),
                TableLayout.Column("Images", priority: 1, description: "The images of the pod template's containers."),
                TableLayout.Column("Selector", priority: 1, description: "The label selector of the replicas."),
            ],
            cells: { object, age in
                let status = object["status"] ?? [:]
                let desired = object[path: ["spec", "replicas"]]?.integerValue ?? 1
                let ready = status["readyReplicas"]?.integerValue ?? 0
                let containers = object[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []
                return [
                    object[path: ["metadata", "name"]] ?? "",
                    .string("\(ready)/\(desired)"),
                    .integer(status["updatedReplicas"]?.integerValue ?? 0),
                    .integer(status["availableReplicas"]?.integerValue ?? 0),
                    .string(age),
                    .string(containers.compactMap { $0["name"]?.stringValue }.joined(separator: ",")),
                    .string(containers.compactMap { $0["image"]?.stringValue }.joined(separator: ",")),
                    .string(LabelSelector.text(of: object[path: ["spec", "selector"]] ?? [:])),
                ]
            }
        ),
        patchStrategy: .strategic(
            StrategicMergeSchema.objectMeta.merging(.podSpec(at: "spec.template.spec")).merging(.statusConditions).merging(
                StrategicMergeSchema(lists: ["spec.template.metadata.finalizers": .mergeValues])
            )
        ),
        admission: Admission { _, new throws(KubeStatusError) in try DeploymentAdmission.admit(new) },
        successor: .inferenceWorkload
    )

    /// `replicasets.apps/v1`, read-only: `kubectl describe deployment` lists them; the gateway
    /// keeps none, so the list is empty.
    public static let replicaSets = ResourceKind(
        group: "apps",
        versions: ["v1"],
        plural: "replicasets",
        singular: "replicaset",
        kind: "ReplicaSet",
        shortNames: ["rs"],
        categories: ["all"],
        writable: false,
        schema: { _ in WorkloadSchemas.object(spec: ["type": "object", "x-kubernetes-preserve-unknown-fields": true]) },
        table: TableLayout(
            columns: [
                TableLayout.nameColumn,
                TableLayout.Column("Desired", type: "integer", description: "Desired replicas."),
                TableLayout.Column("Current", type: "integer", description: "Current replicas."),
                TableLayout.Column("Ready", type: "integer", description: "Ready replicas."),
                TableLayout.ageColumn,
            ],
            cells: { object, age in
                [
                    object[path: ["metadata", "name"]] ?? "", object[path: ["spec", "replicas"]] ?? 0,
                    object[path: ["status", "replicas"]] ?? 0, object[path: ["status", "readyReplicas"]] ?? 0, .string(age),
                ]
            }
        ),
        patchStrategy: .customResource
    )
}
