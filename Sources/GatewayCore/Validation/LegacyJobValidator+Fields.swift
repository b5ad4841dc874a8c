import Foundation

extension LegacyJobValidator {
    /// The most GPUs one job may ask for: an `InferenceWorkload` replica is one pod, so it needs them
    /// on one node, and the largest GPU nodes (HGX-2, DGX-2) have 16.
    public static let maximumGPUs = 16

    /// The most CPU cores one job may ask for (request or limit): more than any single node has.
    public static let maximumCPUCores = 1024

    static func validateResources(_ job: LegacyJob) throws(LegacyAPIError) {
        if let gpu = job.gpu {
            guard gpu >= 0, gpu.isFinite, gpu <= Double(maximumGPUs), gpu < 1 || gpu.rounded() == gpu else {
                throw .invalid(
                    field: "job.gpu",
                    rule: "must be a whole number up to \(maximumGPUs) or a fraction between 0 and 1",
                    details: "job.gpu is \(NumberText.string(gpu)); GPUs are a whole number (1, 2, … \(maximumGPUs), all on one node) "
                        + "or a fraction of one GPU between 0 and 1 (0.5)."
                )
            }
        }
        if let memory = nonEmpty(job.gpuMemory) {
            try quantity(memory, field: "job.gpuMemory")
            if (job.gpu ?? 0) > 0 {
                throw .invalid(
                    field: "job.gpuMemory",
                    rule: "give gpu or gpuMemory, not both",
                    details: "job.gpu and job.gpuMemory both ask for GPU; request either GPUs or an amount of GPU memory."
                )
            }
        }
        for (field, value) in [("cpu", job.cpu), ("cpuLimit", job.cpuLimit)] {
            if let value, value < 0 {
                throw .invalid(
                    field: "job.\(field)",
                    rule: "must not be negative",
                    details: "job.\(field) is \(NumberText.string(value)); CPU cores are 0 or more (0.5, 1, 2)."
                )
            }
            if let value, !(value.isFinite && value <= Double(maximumCPUCores)) {
                throw .invalid(
                    field: "job.\(field)",
                    rule: "must be at most \(maximumCPUCores) cores",
                    details:
                        "job.\(field) is \(NumberText.string(value)); one job runs on one node, and no node has more than \(maximumCPUCores) cores."
                )
            }
        }
        if let cpu = job.cpu, let limit = job.cpuLimit, limit > 0, limit < cpu {
            throw .invalid(
                field: "job.cpuLimit",
                rule: "must not be less than cpu",
                details: "job.cpuLimit (\(NumberText.string(limit))) is less than job.cpu (\(NumberText.string(cpu)))."
            )
        }
        if let memory = nonEmpty(job.memory) { try quantity(memory, field: "job.memory") }
        if let limit = nonEmpty(job.memoryLimit) { try quantity(limit, field: "job.memoryLimit") }
        if job.mps == true, !((job.gpu ?? 0) > 0 && (job.gpu ?? 0) < 1) && nonEmpty(job.gpuMemory) == nil {
            throw .invalid(
                field: "job.mps",
                rule: "needs a fraction of a GPU",
                details: "MPS shares one GPU between processes; it needs job.gpu between 0 and 1, or job.gpuMemory."
            )
        }
    }

    static func validateContainer(_ job: LegacyJob) throws(LegacyAPIError) {
        if let policy = nonEmpty(job.imagePullPolicy), ImagePullPolicy(name: policy) == nil {
            throw .invalid(
                field: "job.imagePullPolicy",
                rule: "must be Always, IfNotPresent or Never",
                details: "job.imagePullPolicy is \"\(policy)\"; it must be Always, IfNotPresent or Never."
            )
        }
        if let directory = nonEmpty(job.workingDir), !directory.hasPrefix("/") {
            throw .invalid(
                field: "job.workingDir",
                rule: "must be an absolute path",
                details: "job.workingDir is \"\(directory)\"; the working directory is an absolute path in the container."
            )
        }
        for key in (job.environment ?? [:]).keys.sorted() where !KubernetesNames.isEnvironmentName(key) {
            let field = JSONObjectReader.member("job.environment", key)
            throw .invalid(
                field: field,
                rule: "must be a valid environment variable name",
                details:
                    "\(LegacyNames.quoted(key)) is not a valid environment variable name: use letters, digits, '_', '-' and '.', not starting with a digit."
            )
        }
        for (field, id) in [("runAsUid", job.runAsUid), ("runAsGid", job.runAsGid)] {
            if let id, id < 0 {
                throw .invalid(field: "job.\(field)", rule: "must not be negative", details: "job.\(field) is \(id); ids are 0 or more.")
            }
        }
        if let nodeType = nonEmpty(job.nodeType), !KubernetesNames.isLabelValue(nodeType) {
            throw .invalid(
                field: "job.nodeType",
                rule: "must be a Kubernetes label value",
                details: "job.nodeType is \"\(nodeType)\"; node types are label values: up to 63 letters, digits, '-', '_' and '.'."
            )
        }
    }

    static func validateExposure(_ job: LegacyJob) throws(LegacyAPIError) {
        var seen: Set<Int> = []
        for (index, port) in (job.ports ?? []).enumerated() {
            let field = "job.ports[\(index)]"
            guard (1...65535).contains(port.container) else {
                throw .invalid(field: "\(field).container", rule: "must be from 1 to 65535", details: "\(field).container is \(port.container).")
            }
            if let external = port.external, !(1...65535).contains(external) {
                throw .invalid(field: "\(field).external", rule: "must be from 1 to 65535", details: "\(field).external is \(external).")
            }
            if port.autoGenerate == true, port.external != nil {
                throw .invalid(
                    field: "\(field).autoGenerate",
                    rule: "give external or autoGenerate, not both",
                    details: "\(field) fixes the external port and asks for one to be generated."
                )
            }
            guard seen.insert(port.container).inserted else {
                throw .invalid(
                    field: "\(field).container",
                    rule: "must be unique",
                    details: "Container port \(port.container) is listed twice in job.ports."
                )
            }
        }
        if job.serviceType == .ingress {
            throw .unsupported(
                field: "job.serviceType",
                details:
                    "serviceType ingress has no InferenceWorkload equivalent (it takes LoadBalancer, NodePort or ClusterIP); an InferenceWorkload already gets a URL through Knative's ingress. Omit serviceType or pick another."
            )
        }
    }

    static func validateStorage(_ job: LegacyJob) throws(LegacyAPIError) {
        for (index, claim) in (job.pvc ?? []).enumerated() {
            let field = "job.pvc[\(index)]"
            guard let path = nonEmpty(claim.path) else { throw .missing(field: "\(field).path") }
            try absolutePath(path, field: "\(field).path")
            guard let size = nonEmpty(claim.size) else { throw .missing(field: "\(field).size") }
            try quantity(size, field: "\(field).size")
            if let storageClass = nonEmpty(claim.storageClass), !KubernetesNames.isDNSSubdomain(storageClass) {
                throw .invalid(
                    field: "\(field).storageClass",
                    rule: "must be a storage class name",
                    details: "\(field).storageClass is \"\(storageClass)\"; a storage class name is lowercase letters, digits, '-' and '.'."
                )
            }
        }
        let form = job.volumeForm ?? .list
        for (index, volume) in (job.volumes ?? []).enumerated() {
            let field = form == .map ? JSONObjectReader.member("job.volume", volume.sourcePath ?? "") : "job.volumes[\(index)]"
            guard let source = nonEmpty(volume.sourcePath) else { throw .missing(field: form == .map ? "job.volume" : "\(field).sourcePath") }
            guard let target = nonEmpty(volume.targetPath) else { throw .missing(field: form == .map ? field : "\(field).targetPath") }
            try absolutePath(source, field: form == .map ? "job.volume" : "\(field).sourcePath")
            try absolutePath(target, field: form == .map ? field : "\(field).targetPath")
        }
        let syncs = job.gitSync ?? []
        if syncs.count > 1 {
            throw .unsupported(
                field: "job.gitSync[1]",
                details:
                    "The legacy service used only the first Git source and ignored the rest; the gateway does not drop them silently. Send one Git source."
            )
        }
        if let sync = syncs.first {
            guard nonEmpty(sync.repository) != nil else { throw .missing(field: "job.gitSync[0].repository") }
            let credential =
                [("password", nonEmpty(sync.password) != nil), ("username", nonEmpty(sync.username) != nil)]
                .first(where: \.1)?.0 ?? (sync.useCredentials == true ? "useCredentials" : nil)
            if let credential {
                let field = "job.gitSync[0].\(credential)"
                throw .unsupported(
                    field: field,
                    details:
                        "Git credentials cannot be written into an InferenceWorkload in clear text. Store them in a Secret and submit to the Cluster API, or use a public repository."
                )
            }
        }
    }

    static func validateScaling(_ job: LegacyJob) throws(LegacyAPIError) {
        if let replicas = job.replicas, replicas < 0 {
            throw .invalid(field: "job.replicas", rule: "must not be negative", details: "job.replicas is \(replicas); 0 means the default of 1.")
        }
    }

    // MARK: - Helpers

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    private static func quantity(_ text: String, field: String) throws(LegacyAPIError) {
        guard KubernetesNames.quantity(text) != nil else {
            throw .invalid(
                field: field,
                rule: "must be a quantity such as 2G or 512Mi",
                details: "\(field) is \"\(text)\"; amounts are Kubernetes quantities such as 2G, 512Mi or 1.5Gi."
            )
        }
    }

    private static func absolutePath(_ path: String, field: String) throws(LegacyAPIError) {
        guard path.hasPrefix("/") else {
            throw .invalid(field: field, rule: "must be an absolute path", details: "\(field) is \"\(path)\"; paths start with '/'.")
        }
    }
}
