import Foundation

extension LegacyDeployment.Container {
    /// The resources a legacy job can ask for.
    static let resources: Set<String> = ["cpu", "memory", LegacyDeployment.gpuResource]

    init?(reading value: JSONValue, path: String, causes: inout [ManifestCause]) {
        var reader = ManifestReader(value, path: path, causes: &causes)
        let name = reader.string("name", &causes) ?? ""
        if name.isEmpty { causes.append(.required(reader.field("name"), "a container has a name")) }
        let image = reader.string("image", &causes) ?? ""
        if image.isEmpty { causes.append(.required(reader.field("image"), "the container's image is required")) }
        self.init(name: name, image: image)
        imagePullPolicy = reader.string("imagePullPolicy", &causes)
        command = reader.strings("command", &causes)
        args = reader.strings("args", &causes)
        workingDir = reader.string("workingDir", &causes)
        stdin = reader.bool("stdin", &causes)
        tty = reader.bool("tty", &causes)
        reader.ignore("terminationMessagePath", "terminationMessagePolicy", "stdinOnce")
        env = Self.environment(reader.array("env", &causes), causes: &causes)
        (requests, limits) = Self.resources(reader.value("resources"), path: reader.field("resources"), causes: &causes)
        ports = Self.ports(reader.array("ports", &causes), causes: &causes)
        volumeMounts = Self.mounts(reader.array("volumeMounts", &causes), causes: &causes)
        var security = ManifestReader(reader.value("securityContext"), path: reader.field("securityContext"), causes: &causes)
        (runAsUser, runAsGroup, runAsNonRoot) = Self.identity(&security, &causes)
        security.refuseUnknown(&causes, why: "an inference workload can set only runAsUser, runAsGroup and runAsNonRoot")
        reader.refuseUnknown(&causes, why: "an InferenceWorkload has no equivalent of this container field")
    }

    static func identity(_ reader: inout ManifestReader, _ causes: inout [ManifestCause]) -> (user: Int?, group: Int?, nonRoot: Bool?) {
        (reader.integer("runAsUser", &causes), reader.integer("runAsGroup", &causes), reader.bool("runAsNonRoot", &causes))
    }

    private static func environment(_ entries: [(path: String, value: JSONValue)], causes: inout [ManifestCause]) -> [LegacyDeployment.EnvVar] {
        var result: [LegacyDeployment.EnvVar] = []
        var seen: Set<String> = []
        for (path, value) in entries {
            var entry = ManifestReader(value, path: path, causes: &causes)
            let name = entry.string("name", &causes) ?? ""
            let text = entry.string("value", &causes) ?? ""
            if entry.value("valueFrom") != nil {
                causes.append(
                    .forbidden(
                        entry.field("valueFrom"),
                        "a legacy job's environment holds literal values; submit an InferenceWorkload to read secrets or config maps"
                    )
                )
            }
            entry.refuseUnknown(&causes, why: "an environment variable has a name and a value")
            if name.isEmpty {
                causes.append(.required(entry.field("name"), "an environment variable has a name"))
            } else if !seen.insert(name).inserted {
                causes.append(
                    ManifestCause(reason: .duplicate, field: entry.field("name"), rule: "set once", value: JSONValue.string(name).compactString)
                )
            } else {
                result.append(.init(name: name, value: text))
            }
        }
        return result
    }

    private static func resources(
        _ value: JSONValue?,
        path: String,
        causes: inout [ManifestCause]
    ) -> (requests: [String: JSONValue], limits: [String: JSONValue]) {
        var reader = ManifestReader(value, path: path, causes: &causes)
        var result: [String: [String: JSONValue]] = [:]
        for key in ["requests", "limits"] {
            let map = ManifestReader(reader.value(key), path: reader.field(key), causes: &causes)
            for (resource, amount) in map.members.sorted(by: { $0.key < $1.key }) where !amount.isNull {
                guard Self.resources.contains(resource) else {
                    causes.append(
                        .forbidden(
                            ManifestReader.item(map.path, resource),
                            "a legacy inference workload asks only for cpu, memory and \(LegacyDeployment.gpuResource)"
                        )
                    )
                    continue
                }
                result[key, default: [:]][resource] = amount
            }
        }
        reader.refuseUnknown(&causes, why: "resources are requests and limits")
        return (result["requests"] ?? [:], result["limits"] ?? [:])
    }

    private static func ports(_ entries: [(path: String, value: JSONValue)], causes: inout [ManifestCause]) -> [LegacyDeployment.ContainerPort] {
        var result: [LegacyDeployment.ContainerPort] = []
        for (path, value) in entries {
            var entry = ManifestReader(value, path: path, causes: &causes)
            let number = entry.integer("containerPort", &causes)
            let name = entry.string("name", &causes)
            if let proto = entry.string("protocol", &causes), proto != "TCP" {
                causes.append(
                    ManifestCause(
                        reason: .notSupported,
                        field: entry.field("protocol"),
                        rule: "supported values: \"TCP\"",
                        value: JSONValue.string(proto).compactString
                    )
                )
            }
            if entry.value("hostPort") != nil {
                causes.append(.forbidden(entry.field("hostPort"), "an inference workload is reached through its Service, not a host port"))
            }
            entry.refuseUnknown(&causes, why: "a container port has containerPort, name and protocol")
            guard let number else {
                if entry.members["containerPort"] == nil { causes.append(.required(entry.field("containerPort"), "the port number is required")) }
                continue
            }
            result.append(.init(containerPort: number, name: name))
        }
        return result
    }

    private static func mounts(_ entries: [(path: String, value: JSONValue)], causes: inout [ManifestCause]) -> [LegacyDeployment.VolumeMount] {
        var result: [LegacyDeployment.VolumeMount] = []
        for (path, value) in entries {
            var entry = ManifestReader(value, path: path, causes: &causes)
            let name = entry.string("name", &causes) ?? ""
            let mountPath = entry.string("mountPath", &causes) ?? ""
            let readOnly = entry.bool("readOnly", &causes)
            entry.refuseUnknown(&causes, why: "a legacy job mounts a whole volume at a path (name, mountPath, readOnly)")
            if name.isEmpty { causes.append(.required(entry.field("name"), "the volume to mount is required")) }
            if mountPath.isEmpty { causes.append(.required(entry.field("mountPath"), "the path to mount at is required")) }
            if !name.isEmpty, !mountPath.isEmpty { result.append(.init(name: name, mountPath: mountPath, readOnly: readOnly)) }
        }
        return result
    }
}

extension LegacyDeployment.Volume {
    /// Where a memory `emptyDir` must be mounted to stand for the legacy `largeShm`.
    public static let sharedMemoryPath = "/dev/shm"

    static func read(
        _ entries: [(path: String, value: JSONValue)],
        mounts: [LegacyDeployment.VolumeMount],
        causes: inout [ManifestCause]
    ) -> [Self] {
        var result: [Self] = []
        for (path, value) in entries {
            var entry = ManifestReader(value, path: path, causes: &causes)
            let name = entry.string("name", &causes) ?? ""
            let source: Source?
            if let hostPath = entry.value("hostPath") {
                var reader = ManifestReader(hostPath, path: entry.field("hostPath"), causes: &causes)
                let directory = reader.string("path", &causes) ?? ""
                reader.ignore("type")
                reader.refuseUnknown(&causes, why: "a host path volume has a path")
                source = directory.isEmpty ? nil : .hostPath(directory)
                if directory.isEmpty { causes.append(.required(reader.field("path"), "the host path is required")) }
            } else if let nfs = entry.value("nfs") {
                var reader = ManifestReader(nfs, path: entry.field("nfs"), causes: &causes)
                let server = reader.string("server", &causes) ?? ""
                let directory = reader.string("path", &causes) ?? ""
                if reader.bool("readOnly", &causes) == true {
                    causes.append(.forbidden(reader.field("readOnly"), "mount the volume read-only in volumeMounts instead"))
                }
                reader.refuseUnknown(&causes, why: "an NFS volume has a server and a path")
                source = server.isEmpty || directory.isEmpty ? nil : .nfs(server: server, path: directory)
                if server.isEmpty { causes.append(.required(reader.field("server"), "the NFS server is required")) }
                if directory.isEmpty { causes.append(.required(reader.field("path"), "the NFS path is required")) }
            } else if let emptyDir = entry.value("emptyDir") {
                var reader = ManifestReader(emptyDir, path: entry.field("emptyDir"), causes: &causes)
                let medium = reader.string("medium", &causes)
                reader.ignore("sizeLimit")
                reader.refuseUnknown(&causes, why: "an emptyDir volume has a medium")
                let atShm = mounts.filter { $0.name == name }.allSatisfy { $0.mountPath == Self.sharedMemoryPath }
                if medium == "Memory", atShm {
                    source = .sharedMemory
                } else {
                    source = nil
                    causes.append(
                        .forbidden(entry.field("emptyDir"), "the only emptyDir a legacy job has is a Memory one mounted at /dev/shm (largeShm)")
                    )
                }
            } else {
                source = nil
                let kind = entry.members.keys.sorted().first { $0 != "name" } ?? "source"
                causes.append(
                    .forbidden(
                        entry.field(kind),
                        kind == "persistentVolumeClaim"
                            ? "a legacy job cannot mount an existing claim; submit an InferenceWorkload with pvcs for that"
                            : "a legacy job can mount hostPath, nfs, and a Memory emptyDir at /dev/shm only"
                    )
                )
                entry.ignore(kind)
            }
            entry.refuseUnknown(&causes, why: "a volume has one source")
            if name.isEmpty { causes.append(.required(entry.field("name"), "a volume has a name")) }
            guard let source, !name.isEmpty else { continue }
            if !mounts.contains(where: { $0.name == name }) {
                causes.append(.forbidden(path, "volume \"\(name)\" is not mounted by the container, and a legacy job has no unmounted volumes"))
                continue
            }
            result.append(Self(name: name, source: source))
        }
        return result
    }
}
