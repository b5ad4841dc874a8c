import Foundation

extension LegacyWorkloadViews {
    /// The Deployment spec an `InferenceWorkload` stands for (the inverse of the translation).
    ///
    /// Labels `app: <name>` and the project select the pod; a whole number of GPUs is the
    /// `nvidia.com/gpu` limit and a fraction the `gpu-fraction` annotation, as the legacy CLI wrote them.
    public static func deploymentModel(of workload: InferenceWorkload) -> LegacyDeployment {
        let spec = workload.spec
        let name = workload.metadata.name
        let project = workload.metadata.labels?[TranslationOptions.projectLabel]
        var container = LegacyDeployment.Container(name: name, image: spec.image?.value ?? "")
        container.imagePullPolicy = spec.imagePullPolicy?.value
        container.command = spec.command.map { ShellWords.split($0.value) }
        container.args = spec.arguments.map { ShellWords.split($0.value) }
        container.env = (spec.environment?.values ?? [:]).sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) }
        container.workingDir = spec.workingDir?.value
        container.stdin = spec.stdin?.value
        container.tty = spec.tty?.value
        container.runAsUser = spec.runAsUid?.value
        container.runAsGroup = spec.runAsGid?.value
        container.runAsNonRoot = spec.runAsUser?.value
        container.requests["cpu"] = spec.cpu.map { .string($0.value) }
        container.requests["memory"] = spec.memory.map { .string($0.value) }
        container.limits["cpu"] = spec.cpuLimit.map { .string($0.value) }
        container.limits["memory"] = spec.memoryLimit.map { .string($0.value) }
        var annotations: [String: String] = [:]
        annotations[LegacyDeployment.userAnnotation] = spec.username?.value
        if let gpu = spec.gpu.flatMap({ Double($0.value) }), gpu > 0 {
            if gpu.rounded() == gpu {
                container.limits[LegacyDeployment.gpuResource] = .integer(Int64(gpu))
            } else {
                annotations[LegacyDeployment.gpuFractionAnnotation] = spec.gpu?.value
            }
        }
        annotations[LegacyDeployment.gpuMemoryAnnotation] = spec.gpuMemory?.value
        if spec.annotations?.values[LegacyDeployment.mpsAnnotation] == "true" { annotations[LegacyDeployment.mpsAnnotation] = "true" }
        container.ports = (spec.ports?.values.values.map(\.container) ?? []).sorted().map { .init(containerPort: $0) }

        var volumes: [LegacyDeployment.Volume] = []
        for (index, volume) in ordered(spec.volumes?.values ?? [:]).enumerated() {
            let volumeName = "volume-\(index)"
            let source: LegacyDeployment.Volume.Source =
                volume.nfsServer.map { .nfs(server: $0, path: volume.source) } ?? .hostPath(volume.source)
            volumes.append(.init(name: volumeName, source: source))
            container.volumeMounts.append(.init(name: volumeName, mountPath: volume.target, readOnly: volume.readOnly))
        }
        if spec.largeShm?.value == true {
            volumes.append(.init(name: sharedMemoryVolume, source: .sharedMemory))
            container.volumeMounts.append(.init(name: sharedMemoryVolume, mountPath: LegacyDeployment.Volume.sharedMemoryPath))
        }
        var podLabels = [appLabel: name]
        podLabels[LegacyDeployment.projectLabel] = project
        var nodeSelector: [String: String] = [:]
        nodeSelector[LegacyDeployment.nodeTypeSelector] = spec.nodeType?.value
        let template = LegacyDeployment.PodTemplate(
            labels: podLabels,
            annotations: annotations,
            nodeSelector: nodeSelector,
            hostIPC: spec.hostIpc?.value,
            hostNetwork: spec.hostNetwork?.value,
            container: container,
            volumes: volumes
        )
        var labels = workload.metadata.labels ?? [:]
        labels[appLabel] = name
        return LegacyDeployment(
            name: name,
            namespace: workload.metadata.namespace ?? "",
            labels: labels,
            annotations: workload.metadata.annotations?.filter { !$0.key.hasPrefix("runai-") } ?? [:],
            replicas: spec.minScale?.value ?? 1,
            selector: [appLabel: name],
            template: template
        )
    }

    /// The Service an `InferenceWorkload` stands for: its `serviceType` and one port per workload
    /// port (`port` = the external port, else the container port; `nodePort` = the external port of
    /// a NodePort Service); `nil` without a service type or ports. (Ports without a service type are
    /// the container's ports of a Deployment alone, which is how such a workload translates back.)
    public static func serviceModel(of workload: InferenceWorkload) -> LegacyService? {
        let ports = (workload.spec.ports?.values.values.map { $0 } ?? []).sorted { $0.container < $1.container }
        guard !ports.isEmpty, let type = workload.spec.serviceType.flatMap({ LegacyService.ServiceType(rawValue: $0.value) }) else {
            return nil
        }
        let name = workload.metadata.name
        var labels: [String: String] = [appLabel: name]
        labels[TranslationOptions.projectLabel] = workload.metadata.labels?[TranslationOptions.projectLabel]
        return LegacyService(
            name: name,
            namespace: workload.metadata.namespace ?? "",
            labels: labels,
            type: type,
            selector: [appLabel: name],
            ports: ports.map { port in
                LegacyService.Port(
                    name: "port-\(port.container)",
                    port: port.external ?? port.container,
                    targetPort: .number(port.container),
                    nodePort: type == .nodePort ? port.external : nil
                )
            }
        )
    }

    /// Items keyed `<prefix>-<n>` in the order of `n`.
    private static func ordered<Value>(_ items: [String: Value]) -> [Value] {
        func index(_ key: String) -> Int { Int(key.split(separator: "-").last ?? "") ?? Int.max }
        return items.sorted { (index($0.key), $0.key) < (index($1.key), $1.key) }.map(\.value)
    }
}
