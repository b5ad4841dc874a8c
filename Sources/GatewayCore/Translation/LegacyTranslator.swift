import Foundation

/// Translates a legacy job into the `InferenceWorkload` it becomes: pure, deterministic and total.
///
/// The same inputs always give an equal workload (and, through ``InferenceWorkload/jsonData()``,
/// the same bytes). Every field of the job either lands in the workload or makes the translation
/// fail with a `422` naming it; none is dropped silently. The job is validated first
/// (``LegacyJobValidator``), so callers need not do it themselves.
///
/// ```swift
/// let submission = try LegacyRequestDecoder.decodeSubmission(body)
/// let name = try JobNameGenerator.name(for: submission.job, taken: namesInProject)
/// let workload = try LegacyTranslator.translate(job: submission.job, name: name, project: "team-a", user: "john")
/// ```
public enum LegacyTranslator {
    /// Translates a raw submit body: decode, validate, name (`job.name`, or generated avoiding
    /// `takenNames`), translate. The chosen name is the workload's `metadata.name`. A template
    /// submit (`{"template": …}`) is read as its equivalent job; it cannot name a `settingsName`
    /// here (see ``translate(body:templates:user:takenNames:namespace:options:)``).
    /// - Throws: ``LegacyAPIError`` for malformed JSON or the first rule the request breaks.
    public static func translate(
        body: Data,
        user: String?,
        takenNames: Set<String> = [],
        namespace: String? = nil,
        options: TranslationOptions = .init()
    ) throws(LegacyAPIError) -> InferenceWorkload {
        try translate(body: body, templates: nil, user: user, takenNames: takenNames, namespace: namespace, options: options)
    }

    /// Translates a whole submission (job and template).
    public static func translate(
        submission: LegacyJobSubmission,
        name: String,
        user: String?,
        namespace: String? = nil,
        options: TranslationOptions = .init()
    ) throws(LegacyAPIError) -> InferenceWorkload {
        if let template = submission.template { try LegacyJobValidator.validate(template, against: submission.job) }
        return try translate(
            job: submission.job,
            name: name,
            project: submission.job.project ?? "",
            user: user,
            namespace: namespace,
            options: options
        )
    }

    /// Translates a job.
    /// - Parameters:
    ///   - job: the legacy job.
    ///   - name: its name, given or from ``JobNameGenerator``.
    ///   - project: its project; must match `job.project` when the job names one.
    ///   - user: the display user (`RA-USER` or the caller's token user); omitted when `nil` or empty.
    ///   - namespace: the project's namespace when configured; otherwise from `options.namespacePattern`.
    ///   - options: API version, namespace pattern, managed-by label, name length.
    /// - Throws: ``LegacyAPIError`` for the first rule the job breaks.
    public static func translate(
        job: LegacyJob,
        name: String,
        project: String,
        user: String?,
        namespace: String? = nil,
        options: TranslationOptions = .init()
    ) throws(LegacyAPIError) -> InferenceWorkload {
        var job = job
        if job.project == nil || job.project == "" { job.project = project }
        guard job.project == project else {
            throw .invalid(
                field: "job.project",
                rule: "must match the request's project",
                details: "job.project is \"\(job.project ?? "")\" but the request is for project \"\(project)\"."
            )
        }
        try LegacyJobValidator.validate(job, options: options)
        try JobNameGenerator.check(name: name, field: "job.name", maximumLength: options.maximumNameLength)

        let metadata = ObjectMetadata(
            name: name,
            namespace: namespace ?? options.namespace(for: project),
            labels: [TranslationOptions.projectLabel: project, TranslationOptions.managedByLabel: options.managedBy]
        )
        return InferenceWorkload(
            apiVersion: options.apiVersion.rawValue,
            metadata: metadata,
            spec: spec(of: job, name: name, user: user)
        )
    }

    static func spec(of job: LegacyJob, name: String, user: String?) -> InferenceWorkloadSpec {
        var spec = InferenceWorkloadSpec()
        spec.name = SpecValue(name)
        spec.username = text(user)
        spec.image = text(job.image)
        spec.imagePullPolicy = text(job.imagePullPolicy).flatMap { ImagePullPolicy(name: $0.value) }.map { SpecValue($0.rawValue) }
        spec.command = job.command.flatMap { $0.isEmpty ? nil : SpecValue($0.joined) }
        spec.arguments = job.arguments.flatMap { $0.isEmpty ? nil : SpecValue($0.joined) }
        spec.workingDir = text(job.workingDir)
        if let environment = job.environment, !environment.isEmpty { spec.environment = SpecItems(environment) }
        spec.gpu = job.gpu.flatMap { $0 > 0 ? SpecValue(NumberText.string($0)) : nil }
        spec.gpuMemory = text(job.gpuMemory).map { SpecValue(KubernetesNames.quantity($0.value) ?? $0.value) }
        spec.cpu = job.cpu.flatMap { $0 > 0 ? SpecValue(NumberText.string($0)) : nil }
        spec.cpuLimit = job.cpuLimit.flatMap { $0 > 0 ? SpecValue(NumberText.string($0)) : nil }
        spec.memory = text(job.memory).map { SpecValue(KubernetesNames.quantity($0.value) ?? $0.value) }
        spec.memoryLimit = text(job.memoryLimit).map { SpecValue(KubernetesNames.quantity($0.value) ?? $0.value) }
        spec.largeShm = job.largeShm.map(SpecValue.init)
        spec.hostIpc = job.hostIpc.map(SpecValue.init)
        spec.hostNetwork = job.hostNetwork.map(SpecValue.init)
        spec.stdin = job.stdin.map(SpecValue.init)
        spec.tty = job.tty.map(SpecValue.init)
        spec.createHomeDir = job.createHomeDir.map(SpecValue.init)
        spec.runAsUser = job.runAsUser.map(SpecValue.init)
        spec.runAsUid = job.runAsUid.map(SpecValue.init)
        spec.runAsGid = job.runAsGid.map(SpecValue.init)
        spec.nodeType = text(job.nodeType)
        spec.ports = ports(job.ports)
        spec.serviceType = job.serviceType.flatMap(serviceType).map(SpecValue.init)
        spec.pvcs = claims(job.pvc)
        spec.volumes = volumes(job.volumes)
        spec.gitSync = gitSync(job.gitSync)
        if job.mps == true { spec.annotations = SpecItems(["mps": "true"]) }
        let replicas = (job.replicas ?? 0) > 0 ? job.replicas ?? 1 : 1
        spec.minScale = SpecValue(replicas)
        spec.maxScale = SpecValue(replicas)
        spec.usage = "Submit"
        return spec
    }

    private static func text(_ value: String?) -> SpecValue<String>? {
        guard let value, !value.isEmpty else { return nil }
        return SpecValue(value)
    }

    /// The Cluster-API service type: `LoadBalancer`, `NodePort`, `ClusterIP`. The CLI's `portforward`
    /// created a ClusterIP service and forwarded from the caller's machine, so it becomes `ClusterIP`.
    static func serviceType(_ type: LegacyJob.ServiceType) -> String? {
        switch type {
        case .loadBalancer: "LoadBalancer"
        case .nodePort: "NodePort"
        case .clusterIP, .portForward: "ClusterIP"
        case .ingress: nil
        }
    }

    private static func ports(_ ports: [LegacyJob.Port]?) -> SpecItems<InferencePort>? {
        guard let ports, !ports.isEmpty else { return nil }
        var items: [String: InferencePort] = [:]
        for port in ports {
            items["port-\(port.container)"] = InferencePort(container: port.container, external: port.external)
        }
        return SpecItems(items)
    }

    private static func claims(_ claims: [LegacyJob.PersistentVolumeClaim]?) -> SpecItems<InferencePVC>? {
        guard let claims, !claims.isEmpty else { return nil }
        var items: [String: InferencePVC] = [:]
        for (index, claim) in claims.enumerated() {
            let size = claim.size.map { KubernetesNames.quantity($0) ?? $0 }
            let storageClass = claim.storageClass.flatMap { $0.isEmpty ? nil : $0 }
            items["pvc-\(index)"] = InferencePVC(
                existingPvc: false,
                path: claim.path ?? "",
                readOnly: claim.readOnly ?? false,
                claimInfo: .init(size: size, storageClass: storageClass)
            )
        }
        return SpecItems(items)
    }

    private static func volumes(_ volumes: [LegacyJob.Volume]?) -> SpecItems<InferenceVolume>? {
        guard let volumes, !volumes.isEmpty else { return nil }
        var items: [String: InferenceVolume] = [:]
        for (index, volume) in volumes.enumerated() {
            items["volume-\(index)"] = InferenceVolume(
                source: volume.sourcePath ?? "",
                target: volume.targetPath ?? "",
                nfsServer: volume.nfsServer.flatMap { $0.isEmpty ? nil : $0 },
                readOnly: volume.readOnly
            )
        }
        return SpecItems(items)
    }

    private static func gitSync(_ syncs: [LegacyJob.GitSync]?) -> SpecItems<InferenceGitSync>? {
        guard let first = syncs?.first else { return nil }
        var sync = InferenceGitSync(repository: first.repository ?? "")
        sync.branch = first.branch.flatMap { $0.isEmpty ? nil : $0 }
        sync.revision = first.revision.flatMap { $0.isEmpty ? nil : $0 }
        sync.byRevision = first.byRevision
        sync.directory = first.directory.flatMap { $0.isEmpty ? nil : $0 }
        sync.image = first.image.flatMap { $0.isEmpty ? nil : $0 }
        sync.readOnly = first.readOnly
        sync.sync = first.sync
        return SpecItems(["gitsync-0": sync])
    }
}
