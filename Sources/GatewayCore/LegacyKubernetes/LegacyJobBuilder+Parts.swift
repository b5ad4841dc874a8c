import Foundation

extension LegacyJobBuilder {
    /// `job.gpu` from the GPU limit (or request) or the `gpu-fraction` annotation; `job.gpuMemory`
    /// from `gpu-memory`; `job.mps` from `mps`.
    mutating func gpu() {
        let container = deployment.template.container
        let annotations = deployment.template.annotations
        let limitField = ManifestReader.item("\(Self.container).resources.limits", LegacyDeployment.gpuResource)
        let requestField = ManifestReader.item("\(Self.container).resources.requests", LegacyDeployment.gpuResource)
        var fromLimit: (Double, String, JSONValue)?
        if let limit = container.limits[LegacyDeployment.gpuResource] {
            fromLimit = Self.gpus(limit).map { ($0, limitField, limit) }
            if fromLimit == nil { causes.append(.invalid(limitField, limit, Self.gpuRule)) }
        }
        if let request = container.requests[LegacyDeployment.gpuResource] {
            let amount = Self.gpus(request)
            if amount == nil {
                causes.append(.invalid(requestField, request, Self.gpuRule))
            } else if let fromLimit, amount != fromLimit.0 {
                causes.append(.invalid(requestField, request, "must equal the limit: GPUs cannot be overcommitted"))
            } else if fromLimit == nil, let amount {
                fromLimit = (amount, requestField, request)
            }
        }
        let fractionField = ManifestReader.item(Self.podAnnotations, LegacyDeployment.gpuFractionAnnotation)
        var fromAnnotation: (Double, String, JSONValue)?
        if let text = annotations[LegacyDeployment.gpuFractionAnnotation] {
            if let fraction = Double(text.trimmingCharacters(in: .whitespaces)), fraction.isFinite, fraction > 0, fraction <= 1 {
                fromAnnotation = (fraction, fractionField, .string(text))
            } else {
                causes.append(.invalid(fractionField, .string(text), "must be a fraction of one GPU, greater than 0 and at most 1, such as \"0.5\""))
            }
        }
        if let fromLimit, let fromAnnotation, fromLimit.0 != fromAnnotation.0 {
            causes.append(
                .invalid(fractionField, fromAnnotation.2, "must agree with \(fromLimit.1) (\(NumberText.string(fromLimit.0))); ask for GPUs once")
            )
        }
        if let (amount, field, value) = fromLimit ?? fromAnnotation, amount > 0 {
            job["gpu"] = .double(amount)
            sources["job.gpu"] = .init(kind: LegacyDeployment.kind, field: field, value: value)
        }
        let memoryField = ManifestReader.item(Self.podAnnotations, LegacyDeployment.gpuMemoryAnnotation)
        if let text = annotations[LegacyDeployment.gpuMemoryAnnotation], !text.isEmpty {
            // The CLI wrote MiB as a bare number; a quantity with a unit is taken as it is.
            let memory = Int(text).map { "\($0)Mi" } ?? text
            set("gpuMemory", .string(memory), from: memoryField)
            sources["job.gpuMemory"]?.value = .string(text)
        }
        let mpsField = ManifestReader.item(Self.podAnnotations, LegacyDeployment.mpsAnnotation)
        switch annotations[LegacyDeployment.mpsAnnotation]?.lowercased() {
        case nil, "false": break
        case "true": set("mps", true, from: mpsField)
        case let other?: causes.append(.invalid(mpsField, .string(other), "must be \"true\" or \"false\""))
        }
    }

    static let gpuRule = "must be a whole number of GPUs (1) or a quoted fraction of one (\"0.5\")"

    /// GPUs from a limit: an integer, a number, or a string holding one (`"0.5"`, `"1"`); `nil` when unreadable or negative.
    static func gpus(_ value: JSONValue) -> Double? {
        let amount: Double?
        switch value {
        case .integer(let number): amount = Double(number)
        case .double(let number): amount = number
        case .string(let text): amount = Double(text.trimmingCharacters(in: .whitespaces))
        default: amount = nil
        }
        guard let amount, amount.isFinite, amount >= 0 else { return nil }
        return amount
    }

    /// `job.volumes` and `job.largeShm` from the container's mounts, in mount order.
    mutating func volumes() {
        let pod = deployment.template
        var volumes: [JSONValue] = []
        for (index, mount) in pod.container.volumeMounts.enumerated() {
            let field = "\(Self.container).volumeMounts[\(index)]"
            // A mount of a volume that is missing or refused was reported when the manifest was read.
            guard let volume = pod.volumes.first(where: { $0.name == mount.name }) else { continue }
            var entry: JSONValue = ["targetPath": .string(mount.mountPath)]
            if let readOnly = mount.readOnly { entry["readOnly"] = .bool(readOnly) }
            switch volume.source {
            case .sharedMemory:
                set("largeShm", true, from: "\(field).mountPath")
                continue
            case .hostPath(let path):
                entry["sourcePath"] = .string(path)
            case .nfs(let server, let path):
                entry["sourcePath"] = .string(path)
                entry["nfsServer"] = .string(server)
            }
            let item = "job.volumes[\(volumes.count)]"
            sources[item] = .init(kind: LegacyDeployment.kind, field: field, value: nil)
            sources["\(item).targetPath"] = .init(kind: LegacyDeployment.kind, field: "\(field).mountPath", value: .string(mount.mountPath))
            if let position = pod.volumes.firstIndex(of: volume) {
                let source = "\(Self.pod).volumes[\(position)]"
                let (field, path): (String, String) =
                    switch volume.source {
                    case .nfs(_, let path): ("\(source).nfs.path", path)
                    case .hostPath(let path): ("\(source).hostPath.path", path)
                    case .sharedMemory: (source, "")
                    }
                sources["\(item).sourcePath"] = .init(kind: LegacyDeployment.kind, field: field, value: .string(path))
            }
            volumes.append(entry)
        }
        if !volumes.isEmpty {
            job["volumes"] = .array(volumes)
            sources["job.volumes"] = .init(kind: LegacyDeployment.kind, field: "\(Self.container).volumeMounts", value: nil)
        }
    }

    /// `job.ports` and `job.serviceType`: from the Service when one is paired, else the container's ports.
    mutating func ports() {
        let container = deployment.template.container
        var ports: [JSONValue] = []
        guard let service else {
            for (index, port) in container.ports.enumerated() {
                sources["job.ports[\(index)]"] = .init(
                    kind: LegacyDeployment.kind,
                    field: "\(Self.container).ports[\(index)].containerPort",
                    value: .integer(Int64(port.containerPort))
                )
                ports.append(["container": .integer(Int64(port.containerPort))])
            }
            if !ports.isEmpty { job["ports"] = .array(ports) }
            return
        }
        set("serviceType", .string(service.type.legacy.rawValue), from: "spec.type", kind: LegacyService.kind)
        for (index, port) in service.ports.enumerated() {
            let field = "spec.ports[\(index)]"
            let target: Int
            switch port.targetPort {
            case nil: target = port.port
            case .number(let number)?: target = number
            case .name(let name)?:
                guard let named = container.ports.first(where: { $0.name == name }) else {
                    causes.append(
                        .invalid(
                            "\(Self.container).ports",
                            .string(name),
                            "Service \(service.name) targets port \"\(name)\" (its \(field).targetPort), which no container port is named"
                        )
                    )
                    continue
                }
                target = named.containerPort
            }
            var entry: JSONValue = ["container": .integer(Int64(target))]
            var external: Int? = port.port == target ? nil : port.port
            if service.type == .nodePort, let nodePort = port.nodePort {
                if let dropped = external, dropped != nodePort {
                    warnings.append(
                        "Service \(service.name) \(field).port \(dropped) is not kept: an InferenceWorkload port has one external port, which for a NodePort Service is its nodePort \(nodePort)."
                    )
                }
                external = nodePort
            } else if let nodePort = port.nodePort {
                warnings.append(
                    "Service \(service.name) \(field).nodePort \(nodePort) is not kept: the external port of a \(service.type.rawValue) Service is its port."
                )
            }
            if let external { entry["external"] = .integer(Int64(external)) }
            sources["job.ports[\(ports.count)]"] = .init(kind: LegacyService.kind, field: field, value: nil)
            ports.append(entry)
        }
        if !ports.isEmpty { job["ports"] = .array(ports) }
    }
}
