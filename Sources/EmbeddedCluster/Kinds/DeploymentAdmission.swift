import Foundation
import GatewayCore

/// The `apps/v1` `Deployment` rules the gateway applies before storing one: the API server's
/// defaults (replicas, strategy, history, deadline, pod and container defaults) and the
/// validation kubectl users meet first (selector, template labels, containers). Pure.
enum DeploymentAdmission {
    /// The defaulted object.
    /// - Throws: 422 Invalid (`Deployment.apps "x" is invalid: …`) naming each bad field.
    static func admit(_ object: JSONValue) throws(KubeStatusError) -> JSONValue {
        var deployment = object
        var spec = deployment["spec"] ?? [:]
        if spec["replicas"] == nil || spec["replicas"]?.isNull == true { spec["replicas"] = 1 }
        if spec["strategy"] == nil {
            spec["strategy"] = ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"]]
        }
        if spec["revisionHistoryLimit"] == nil { spec["revisionHistoryLimit"] = 10 }
        if spec["progressDeadlineSeconds"] == nil { spec["progressDeadlineSeconds"] = 600 }
        if var podSpec = spec[path: ["template", "spec"]], podSpec.isObject {
            PodDefaults.apply(to: &podSpec)
            spec[path: ["template", "spec"]] = podSpec
        }
        deployment["spec"] = spec
        let name = deployment[path: ["metadata", "name"]]?.stringValue ?? ""
        let causes = validate(spec)
        if !causes.isEmpty { throw .invalid(name, causes, kind: .deployments) }
        return deployment
    }

    /// The problems of a `DeploymentSpec`.
    static func validate(_ spec: JSONValue) -> [KubeStatusError.Cause] {
        var causes: [KubeStatusError.Cause] = []
        if let replicas = spec["replicas"], (replicas.integerValue ?? -1) < 0 {
            causes.append(KubeStatusError.invalidValue("spec.replicas", replicas, "must be greater than or equal to 0"))
        }
        let matchLabels = spec[path: ["selector", "matchLabels"]]?.objectValue ?? [:]
        let expressions = spec[path: ["selector", "matchExpressions"]]?.arrayValue ?? []
        if matchLabels.isEmpty, expressions.isEmpty {
            causes.append(KubeStatusError.requiredValue("spec.selector", ""))
        }
        let labels = (spec[path: ["template", "metadata", "labels"]]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        let selects = (try? LabelSelector(parsing: LabelSelector.text(of: spec["selector"] ?? [:])))?.matches(labels) ?? false
        if !(matchLabels.isEmpty && expressions.isEmpty), !selects {
            causes.append(
                KubeStatusError.invalidValue(
                    "spec.template.metadata.labels",
                    .object(labels.mapValues(JSONValue.string)),
                    "`selector` does not match template `labels`"
                )
            )
        }
        let containers = spec[path: ["template", "spec", "containers"]]?.arrayValue ?? []
        if containers.isEmpty {
            causes.append(KubeStatusError.requiredValue("spec.template.spec.containers", ""))
        }
        var names: Set<String> = []
        for (index, container) in containers.enumerated() {
            let field = "spec.template.spec.containers[\(index)]"
            let name = container["name"]?.stringValue ?? ""
            if name.isEmpty {
                causes.append(KubeStatusError.requiredValue("\(field).name", ""))
            } else if let problem = MetadataRules.dnsLabelProblem(name) {
                causes.append(KubeStatusError.invalidValue("\(field).name", .string(name), problem))
            } else if !names.insert(name).inserted {
                causes.append(KubeStatusError.Cause(reason: "FieldValueDuplicate", message: "Duplicate value: \"\(name)\"", field: "\(field).name"))
            }
            if (container["image"]?.stringValue ?? "").isEmpty {
                causes.append(KubeStatusError.requiredValue("\(field).image", ""))
            }
        }
        return causes
    }
}

/// The API server's defaults of a `PodSpec` and its containers. Pure.
enum PodDefaults {
    /// Fills the defaults of `podSpec` in place.
    static func apply(to podSpec: inout JSONValue) {
        let defaults: [(String, JSONValue)] = [
            ("restartPolicy", "Always"), ("terminationGracePeriodSeconds", 30), ("dnsPolicy", "ClusterFirst"),
            ("securityContext", [:]), ("schedulerName", "default-scheduler"),
        ]
        for (key, value) in defaults where podSpec[key] == nil { podSpec[key] = value }
        for list in ["containers", "initContainers"] {
            guard let containers = podSpec[list]?.arrayValue else { continue }
            podSpec[list] = .array(containers.map(container))
        }
    }

    private static func container(_ container: JSONValue) -> JSONValue {
        guard container.isObject else { return container }
        var result = container
        if result["terminationMessagePath"] == nil { result["terminationMessagePath"] = "/dev/termination-log" }
        if result["terminationMessagePolicy"] == nil { result["terminationMessagePolicy"] = "File" }
        if result["imagePullPolicy"] == nil {
            let image = result["image"]?.stringValue ?? ""
            let tag = image.split(separator: "/").last.map { $0.split(separator: ":", maxSplits: 1).dropFirst().first } ?? nil
            let latest = !image.contains("@") && (tag == nil || tag == "latest")
            result["imagePullPolicy"] = latest ? "Always" : "IfNotPresent"
        }
        if result["resources"] == nil { result["resources"] = [:] }
        if let ports = result["ports"]?.arrayValue {
            result["ports"] = .array(
                ports.map { port in
                    var port = port
                    if port.isObject, port["protocol"] == nil { port["protocol"] = "TCP" }
                    return port
                }
            )
        }
        return result
    }
}
