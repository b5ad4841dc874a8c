import Foundation

extension LegacyDeployment {
    /// The Deployment as a manifest: `apiVersion`, `kind`, `metadata` (name, namespace, labels,
    /// annotations) and `spec`; empty maps and absent fields are left out. Reading it back with
    /// ``init(json:namespace:)`` gives an equal value.
    public var jsonValue: JSONValue {
        var metadata: JSONValue = ["name": .string(name), "namespace": .string(namespace)]
        if !labels.isEmpty { metadata["labels"] = Self.map(labels) }
        if !annotations.isEmpty { metadata["annotations"] = Self.map(annotations) }
        var templateMetadata: JSONValue = [:]
        if !template.labels.isEmpty { templateMetadata["labels"] = Self.map(template.labels) }
        if !template.annotations.isEmpty { templateMetadata["annotations"] = Self.map(template.annotations) }
        var pod: JSONValue = ["containers": [template.container.jsonValue]]
        if let scheduler = template.schedulerName { pod["schedulerName"] = .string(scheduler) }
        if !template.nodeSelector.isEmpty { pod["nodeSelector"] = Self.map(template.nodeSelector) }
        if let hostIPC = template.hostIPC { pod["hostIPC"] = .bool(hostIPC) }
        if let hostNetwork = template.hostNetwork { pod["hostNetwork"] = .bool(hostNetwork) }
        if !template.volumes.isEmpty { pod["volumes"] = .array(template.volumes.map(\.jsonValue)) }
        return [
            "apiVersion": .string(Self.apiVersion),
            "kind": .string(Self.kind),
            "metadata": metadata,
            "spec": [
                "replicas": .integer(Int64(replicas)),
                "selector": ["matchLabels": Self.map(selector)],
                "template": ["metadata": templateMetadata, "spec": pod],
            ],
        ]
    }

    static func map(_ values: [String: String]) -> JSONValue {
        .object(values.mapValues { .string($0) })
    }
}

extension LegacyDeployment.Container {
    /// The container as a manifest entry.
    public var jsonValue: JSONValue {
        var object: JSONValue = ["name": .string(name), "image": .string(image)]
        if let imagePullPolicy { object["imagePullPolicy"] = .string(imagePullPolicy) }
        if let command { object["command"] = .array(command.map { .string($0) }) }
        if let args { object["args"] = .array(args.map { .string($0) }) }
        if !env.isEmpty { object["env"] = .array(env.map { ["name": .string($0.name), "value": .string($0.value)] }) }
        if let workingDir { object["workingDir"] = .string(workingDir) }
        var resources: JSONValue = [:]
        if !requests.isEmpty { resources["requests"] = .object(requests) }
        if !limits.isEmpty { resources["limits"] = .object(limits) }
        if resources != [:] { object["resources"] = resources }
        if !ports.isEmpty {
            object["ports"] = .array(
                ports.map { port in
                    var entry: JSONValue = ["containerPort": .integer(Int64(port.containerPort)), "protocol": "TCP"]
                    if let name = port.name { entry["name"] = .string(name) }
                    return entry
                }
            )
        }
        if !volumeMounts.isEmpty {
            object["volumeMounts"] = .array(
                volumeMounts.map { mount in
                    var entry: JSONValue = ["name": .string(mount.name), "mountPath": .string(mount.mountPath)]
                    if let readOnly = mount.readOnly { entry["readOnly"] = .bool(readOnly) }
                    return entry
                }
            )
        }
        if let stdin { object["stdin"] = .bool(stdin) }
        if let tty { object["tty"] = .bool(tty) }
        var security: JSONValue = [:]
        if let runAsUser { security["runAsUser"] = .integer(Int64(runAsUser)) }
        if let runAsGroup { security["runAsGroup"] = .integer(Int64(runAsGroup)) }
        if let runAsNonRoot { security["runAsNonRoot"] = .bool(runAsNonRoot) }
        if security != [:] { object["securityContext"] = security }
        return object
    }
}

extension LegacyDeployment.Volume {
    /// The volume as a manifest entry.
    public var jsonValue: JSONValue {
        switch source {
        case .hostPath(let path): ["name": .string(name), "hostPath": ["path": .string(path)]]
        case .nfs(let server, let path): ["name": .string(name), "nfs": ["server": .string(server), "path": .string(path)]]
        case .sharedMemory: ["name": .string(name), "emptyDir": ["medium": "Memory"]]
        }
    }
}

extension LegacyService {
    /// The Service as a manifest: `apiVersion`, `kind`, `metadata` and `spec` (type, selector, ports).
    public var jsonValue: JSONValue {
        var metadata: JSONValue = ["name": .string(name), "namespace": .string(namespace)]
        if !labels.isEmpty { metadata["labels"] = LegacyDeployment.map(labels) }
        var spec: JSONValue = [
            "type": .string(type.rawValue),
            "ports": .array(
                ports.map { port in
                    var entry: JSONValue = ["port": .integer(Int64(port.port)), "protocol": "TCP"]
                    if let name = port.name { entry["name"] = .string(name) }
                    switch port.targetPort {
                    case .number(let number)?: entry["targetPort"] = .integer(Int64(number))
                    case .name(let name)?: entry["targetPort"] = .string(name)
                    case nil: break
                    }
                    if let nodePort = port.nodePort { entry["nodePort"] = .integer(Int64(nodePort)) }
                    return entry
                }
            ),
        ]
        if !selector.isEmpty { spec["selector"] = LegacyDeployment.map(selector) }
        return ["apiVersion": .string(Self.apiVersion), "kind": .string(Self.kind), "metadata": metadata, "spec": spec]
    }
}
