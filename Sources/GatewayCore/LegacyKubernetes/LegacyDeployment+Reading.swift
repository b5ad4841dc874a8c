import Foundation

extension LegacyDeployment {
    /// `spec.template.spec.schedulerName` of a manifest, however malformed the rest is.
    public static func schedulerName(of json: JSONValue) -> String? {
        json[path: ["spec", "template", "spec", "schedulerName"]]?.stringValue
    }

    /// Reads a Deployment manifest, refusing every field a legacy job cannot carry.
    ///
    /// `metadata` other than name, namespace, labels and annotations, top-level `status`, and the
    /// rollout settings (`strategy`, `revisionHistoryLimit`, `progressDeadlineSeconds`,
    /// `minReadySeconds`) are the API server's or the rollout's business and are not read.
    /// - Parameters:
    ///   - json: the object as sent.
    ///   - namespace: the namespace of the request, used when `metadata.namespace` is absent.
    /// - Throws: ``ManifestRefusal`` with every cause found.
    public init(json: JSONValue, namespace: String? = nil) throws(ManifestRefusal) {
        let (deployment, causes) = Self.read(json, namespace: namespace)
        guard causes.isEmpty, let deployment else {
            let name = json[path: ["metadata", "name"]]?.stringValue ?? ""
            throw ManifestRefusal(kind: Self.kind, group: Self.group, name: name, causes: causes)
        }
        self = deployment
    }

    /// Reads what can be read of a manifest, with every cause found: the Deployment is `nil` only
    /// when its one container cannot be read at all, so that the translation can still add its own causes.
    static func read(_ json: JSONValue, namespace: String?) -> (deployment: LegacyDeployment?, causes: [ManifestCause]) {
        var causes: [ManifestCause] = []
        var top = ManifestReader(json, path: "", causes: &causes)
        var metadata = ManifestReader(top.value("metadata"), path: "metadata", causes: &causes)
        let name = metadata.string("name", &causes) ?? ""
        if name.isEmpty { causes.append(.required("metadata.name", "name or generateName is required")) }
        let namespace = metadata.string("namespace", &causes) ?? namespace ?? ""
        let labels = metadata.stringMap("labels", &causes)
        let annotations = metadata.stringMap("annotations", &causes)

        var spec = ManifestReader(top.value("spec"), path: "spec", causes: &causes)
        spec.ignore("strategy", "revisionHistoryLimit", "progressDeadlineSeconds", "minReadySeconds")
        let replicas = spec.integer("replicas", &causes) ?? 1
        if replicas < 1, spec.members["replicas"]?.integerValue != nil {
            causes.append(
                .invalid(
                    "spec.replicas",
                    .integer(Int64(replicas)),
                    "must be at least 1: a legacy inference workload runs at least one replica (delete it to stop it)"
                )
            )
        }
        if spec.bool("paused", &causes) == true {
            causes.append(.forbidden("spec.paused", "an inference workload cannot be paused; scale or delete it instead"))
        }
        var selector = ManifestReader(spec.value("selector"), path: "spec.selector", causes: &causes)
        let matchLabels = selector.stringMap("matchLabels", &causes)
        selector.refuseUnknown(&causes, why: "only matchLabels is supported in a legacy inference Deployment's selector")
        var templateReader = ManifestReader(spec.value("template"), path: "spec.template", causes: &causes)
        let template = PodTemplate(reading: &templateReader, causes: &causes)
        spec.refuseUnknown(&causes, why: "a legacy inference Deployment has no such field that an InferenceWorkload can carry")
        if let template, !matchLabels.isEmpty, !matchLabels.allSatisfy({ template.labels[$0.key] == $0.value }) {
            causes.append(
                .invalid(
                    "spec.template.metadata.labels",
                    .object(template.labels.mapValues { .string($0) }),
                    "`selector` does not match template `labels`"
                )
            )
        }
        top.ignore("apiVersion", "kind", "status")
        top.refuseUnknown(&causes, why: "not a field of a Deployment")
        guard let template else { return (nil, causes) }
        let deployment = LegacyDeployment(
            name: name,
            namespace: namespace,
            labels: labels,
            annotations: annotations,
            replicas: replicas,
            selector: matchLabels,
            template: template
        )
        return (deployment, causes)
    }
}

extension LegacyDeployment.PodTemplate {
    /// The pod-spec fields that hold their Kubernetes default: accepted only with that value.
    static let defaults: [String: JSONValue] = [
        "restartPolicy": "Always", "dnsPolicy": "ClusterFirst", "serviceAccountName": "default", "serviceAccount": "default",
    ]

    /// The pod annotations a legacy workload may carry: those Run:ai reads.
    static let annotations: Set<String> = [
        LegacyDeployment.userAnnotation, LegacyDeployment.gpuFractionAnnotation, LegacyDeployment.gpuMemoryAnnotation,
        LegacyDeployment.mpsAnnotation,
    ]

    init?(reading template: inout ManifestReader, causes: inout [ManifestCause]) {
        var metadata = ManifestReader(template.value("metadata"), path: "spec.template.metadata", causes: &causes)
        metadata.ignore("name", "creationTimestamp")
        let labels = metadata.stringMap("labels", &causes)
        let annotations = metadata.stringMap("annotations", &causes)
        for key in annotations.keys.sorted() where !Self.annotations.contains(key) && !key.hasPrefix("kubectl.kubernetes.io/") {
            causes.append(
                .forbidden(
                    ManifestReader.item("spec.template.metadata.annotations", key),
                    "a legacy inference pod carries only the annotations user, gpu-fraction, gpu-memory and mps"
                )
            )
        }
        metadata.refuseUnknown(&causes, why: "not supported in the pod template of a legacy inference Deployment")

        var spec = ManifestReader(template.value("spec"), path: "spec.template.spec", causes: &causes)
        template.refuseUnknown(&causes, why: "not a field of a pod template")
        let schedulerName = spec.string("schedulerName", &causes)
        spec.ignore("terminationGracePeriodSeconds")
        for (key, expected) in Self.defaults.sorted(by: { $0.key < $1.key }) {
            if let value = spec.value(key), value != expected {
                causes.append(.invalid(spec.field(key), value, "must be \(expected.compactString) (or absent) for an inference workload"))
            }
        }
        let nodeSelector = spec.stringMap("nodeSelector", &causes)
        for key in nodeSelector.keys.sorted() where key != LegacyDeployment.nodeTypeSelector {
            causes.append(
                .forbidden(
                    ManifestReader.item("spec.template.spec.nodeSelector", key),
                    "only the node type (\(LegacyDeployment.nodeTypeSelector)) can select nodes of an inference workload"
                )
            )
        }
        let hostIPC = spec.bool("hostIPC", &causes)
        let hostNetwork = spec.bool("hostNetwork", &causes)
        var podSecurity = ManifestReader(spec.value("securityContext"), path: "spec.template.spec.securityContext", causes: &causes)
        let podIdentity = LegacyDeployment.Container.identity(&podSecurity, &causes)
        podSecurity.refuseUnknown(&causes, why: "an inference workload can set only runAsUser, runAsGroup and runAsNonRoot")

        let initContainers = spec.array("initContainers", &causes)
        for (path, _) in initContainers {
            causes.append(.forbidden(path, "an InferenceWorkload has no init containers; build what they do into the image"))
        }
        let containers = spec.array("containers", &causes)
        if containers.isEmpty { causes.append(.required("spec.template.spec.containers", "a legacy inference Deployment has one container")) }
        for (path, _) in containers.dropFirst() {
            causes.append(.forbidden(path, "an InferenceWorkload runs one container; a legacy inference Deployment has exactly one"))
        }
        var container = containers.first.flatMap { LegacyDeployment.Container(reading: $0.value, path: $0.path, causes: &causes) }
        if container?.runAsUser == nil { container?.runAsUser = podIdentity.user }
        if container?.runAsGroup == nil { container?.runAsGroup = podIdentity.group }
        if container?.runAsNonRoot == nil { container?.runAsNonRoot = podIdentity.nonRoot }
        let entries = spec.array("volumes", &causes)
        let volumes = LegacyDeployment.Volume.read(entries, mounts: container?.volumeMounts ?? [], causes: &causes)
        let declared = Set(entries.compactMap { $0.value["name"]?.stringValue })
        for (index, mount) in (container?.volumeMounts ?? []).enumerated() where !declared.contains(mount.name) {
            causes.append(
                .invalid(
                    "\(containers.first?.path ?? "").volumeMounts[\(index)].name",
                    .string(mount.name),
                    "not found: no volume of that name in spec.template.spec.volumes"
                )
            )
        }
        spec.refuseUnknown(&causes, why: "an InferenceWorkload has no equivalent of this pod field")
        guard let container else { return nil }
        self.init(
            labels: labels,
            annotations: annotations,
            schedulerName: schedulerName,
            nodeSelector: nodeSelector,
            hostIPC: hostIPC,
            hostNetwork: hostNetwork,
            container: container,
            volumes: volumes
        )
    }
}
