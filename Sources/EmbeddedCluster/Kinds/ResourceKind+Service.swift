import Foundation
import GatewayCore

extension ResourceKind {
    /// `services` (`v1`), the legacy inference workload's network face: with `status`; columns
    /// NAME, TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE (SELECTOR with `-o wide`); strategic
    /// merge patch with ports merged by `port`; replaced by `InferenceWorkload`s.
    public static let services = ResourceKind(
        group: "",
        versions: ["v1"],
        plural: "services",
        singular: "service",
        kind: "Service",
        shortNames: ["svc"],
        categories: ["all"],
        schema: { _ in WorkloadSchemas.object(spec: WorkloadSchemas.serviceSpec) },
        table: TableLayout(
            columns: [
                TableLayout.nameColumn,
                TableLayout.Column("Type", description: "How the service is exposed."),
                TableLayout.Column("Cluster-IP", description: "The service's address inside the cluster."),
                TableLayout.Column("External-IP", description: "The service's addresses outside the cluster."),
                TableLayout.Column("Port(s)", description: "The service's ports."),
                TableLayout.ageColumn,
                TableLayout.Column("Selector", priority: 1, description: "The labels of the pods the service routes to."),
            ],
            cells: { object, age in
                let spec = object["spec"] ?? [:]
                let selector = (spec["selector"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
                    .map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: ",")
                return [
                    object[path: ["metadata", "name"]] ?? "",
                    spec["type"] ?? "ClusterIP",
                    .string(spec["clusterIP"]?.stringValue ?? "<none>"),
                    .string(ServiceAdmission.externalIPs(object)),
                    .string(ServiceAdmission.ports(spec)),
                    .string(age),
                    .string(selector.isEmpty ? "<none>" : selector),
                ]
            }
        ),
        patchStrategy: .strategic(
            StrategicMergeSchema.objectMeta.merging(.statusConditions).merging(
                StrategicMergeSchema(lists: ["spec.ports": .merge(key: "port")])
            )
        ),
        admission: Admission { old, new throws(KubeStatusError) in try ServiceAdmission.admit(old: old, new) },
        successor: .inferenceWorkload
    )

    /// `events` (`v1`), read-only: `kubectl describe` lists those of the object it shows, by
    /// `involvedObject` field selectors.
    public static let events = ResourceKind(
        group: "",
        versions: ["v1"],
        plural: "events",
        singular: "event",
        kind: "Event",
        shortNames: ["ev"],
        writable: false,
        subresources: Subresources(status: false),
        schema: { _ in WorkloadSchemas.open },
        table: TableLayout(
            columns: [
                TableLayout.Column("Last Seen", description: "When the event last happened."),
                TableLayout.Column("Type", description: "Normal or Warning."),
                TableLayout.Column("Reason", description: "Why the event happened."),
                TableLayout.Column("Object", description: "The object the event is about."),
                TableLayout.Column("Message", description: "What happened."),
            ],
            cells: { object, age in
                let involved = object["involvedObject"] ?? [:]
                let subject = "\((involved["kind"]?.stringValue ?? "").lowercased())/\(involved["name"]?.stringValue ?? "")"
                return [.string(age), object["type"] ?? "", object["reason"] ?? "", .string(subject), object["message"] ?? ""]
            }
        ),
        patchStrategy: .customResource,
        selectableFields: [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "source", "type",
        ]
    )
}
