import Foundation
import GatewayCore

extension ResourceKind {
    /// `inferenceworkloads.run.ai`: the Cluster API's custom resource, every served version, with
    /// `status`; columns NAME, STATUS (the cluster's `runai-calculated-status`), AGE.
    ///
    /// Its objects are the store's original rows, so its keys carry no prefix.
    public static let inferenceWorkloads = ResourceKind(
        group: InferenceWorkloadResource.group,
        versions: InferenceWorkloadResource.servedVersions,
        storageVersion: InferenceWorkloadResource.storageVersion,
        plural: InferenceWorkloadResource.plural,
        singular: InferenceWorkloadResource.singular,
        kind: InferenceWorkloadResource.kind,
        shortNames: InferenceWorkloadResource.shortNames,
        schema: { _ in ["type": "object", "x-kubernetes-preserve-unknown-fields": true] },
        table: TableLayout(
            columns: [
                TableLayout.nameColumn,
                TableLayout.Column("Status", description: "The status the cluster calculated for the workload (runai-calculated-status)."),
                TableLayout.ageColumn,
            ],
            cells: { object, age in
                let status =
                    object[path: ["metadata", "annotations", "runai-calculated-status"]]?.stringValue
                    ?? object[path: ["status", "phase"]]?.stringValue ?? ""
                return [object[path: ["metadata", "name"]] ?? "", .string(status), .string(age)]
            }
        ),
        patchStrategy: .customResource,
        storagePrefix: ""
    )
}
