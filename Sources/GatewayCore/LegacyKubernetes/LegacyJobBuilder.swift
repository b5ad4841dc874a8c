import Foundation

/// Builds the legacy `job` object a Deployment and its Service stand for, remembering where each
/// field came from and collecting every cause that keeps a field from being read.
struct LegacyJobBuilder {
    static let pod = "spec.template.spec"
    static let container = "spec.template.spec.containers[0]"
    static let podAnnotations = "spec.template.metadata.annotations"

    let deployment: LegacyDeployment
    let service: LegacyService?
    let options: TranslationOptions
    /// The job's members.
    var job: [String: JSONValue] = [:]
    /// Job field path → manifest field.
    var sources: [String: LegacyDeploymentSubmit.Source] = [:]
    var causes: [ManifestCause] = []
    var warnings: [String] = []
    var project: String?
    var user: String?

    init(deployment: LegacyDeployment, service: LegacyService?, options: TranslationOptions) {
        self.deployment = deployment
        self.service = service
        self.options = options
    }

    /// Sets `job.<key>` from the Deployment's `field`.
    mutating func set(_ key: String, _ value: JSONValue?, from field: String, kind: String = LegacyDeployment.kind) {
        guard let value else { return }
        job[key] = value
        sources["job.\(key)"] = .init(kind: kind, field: field, value: value)
    }

    mutating func build() {
        let container = deployment.template.container
        let pod = deployment.template
        set("name", .string(deployment.name), from: "metadata.name")
        set("type", "inference", from: "spec.template.spec.schedulerName")
        resolveProject()
        resolveUser()
        set("image", .string(container.image), from: "\(Self.container).image")
        set("imagePullPolicy", container.imagePullPolicy.map { .string($0) }, from: "\(Self.container).imagePullPolicy")
        set("command", container.command.map { .array($0.map { .string($0) }) }, from: "\(Self.container).command")
        set("arguments", container.args.map { .array($0.map { .string($0) }) }, from: "\(Self.container).args")
        set("workingDir", container.workingDir.map { .string($0) }, from: "\(Self.container).workingDir")
        set("stdin", container.stdin.map { .bool($0) }, from: "\(Self.container).stdin")
        set("tty", container.tty.map { .bool($0) }, from: "\(Self.container).tty")
        if !container.env.isEmpty {
            job["environment"] = .object(Dictionary(container.env.map { ($0.name, JSONValue.string($0.value)) }, uniquingKeysWith: { $1 }))
            sources["job.environment"] = .init(kind: LegacyDeployment.kind, field: "\(Self.container).env", value: nil)
            for (index, variable) in container.env.enumerated() {
                sources[JSONObjectReader.member("job.environment", variable.name)] = .init(
                    kind: LegacyDeployment.kind,
                    field: "\(Self.container).env[\(index)].name",
                    value: .string(variable.name)
                )
            }
        }
        set("replicas", .integer(Int64(deployment.replicas)), from: "spec.replicas")
        set("hostIpc", pod.hostIPC.map { .bool($0) }, from: "\(Self.pod).hostIPC")
        set("hostNetwork", pod.hostNetwork.map { .bool($0) }, from: "\(Self.pod).hostNetwork")
        set(
            "nodeType",
            pod.nodeSelector[LegacyDeployment.nodeTypeSelector].map { .string($0) },
            from: ManifestReader.item("\(Self.pod).nodeSelector", LegacyDeployment.nodeTypeSelector)
        )
        set("runAsUid", container.runAsUser.map { .integer(Int64($0)) }, from: "\(Self.container).securityContext.runAsUser")
        set("runAsGid", container.runAsGroup.map { .integer(Int64($0)) }, from: "\(Self.container).securityContext.runAsGroup")
        set("runAsUser", container.runAsNonRoot.map { .bool($0) }, from: "\(Self.container).securityContext.runAsNonRoot")
        resources()
        gpu()
        volumes()
        ports()
    }

    private mutating func resources() {
        let container = deployment.template.container
        let fields = [
            ("cpu", "requests", "cpu"), ("cpuLimit", "limits", "cpu"), ("memory", "requests", "memory"), ("memoryLimit", "limits", "memory"),
        ]
        for (key, map, resource) in fields {
            let value = map == "requests" ? container.requests[resource] : container.limits[resource]
            set(key, value, from: ManifestReader.item("\(Self.container).resources.\(map)", resource))
        }
    }

    private mutating func resolveProject() {
        let fromLabel = deployment.template.labels[LegacyDeployment.projectLabel] ?? deployment.labels[LegacyDeployment.projectLabel]
        let labelField =
            deployment.template.labels[LegacyDeployment.projectLabel] != nil
            ? ManifestReader.item("spec.template.metadata.labels", LegacyDeployment.projectLabel)
            : ManifestReader.item("metadata.labels", LegacyDeployment.projectLabel)
        if let pod = deployment.template.labels[LegacyDeployment.projectLabel], let own = deployment.labels[LegacyDeployment.projectLabel], pod != own
        {
            causes.append(.invalid(labelField, .string(pod), "must be the Deployment's own project label (\"\(own)\")"))
        }
        let fromNamespace = Self.project(inNamespace: deployment.namespace, pattern: options.namespacePattern)
        if let fromLabel, let fromNamespace, fromLabel != fromNamespace {
            causes.append(
                .invalid(
                    labelField,
                    .string(fromLabel),
                    "must be the project of the namespace: \(deployment.namespace) is project \(fromNamespace)'s namespace"
                )
            )
        }
        guard let project = fromLabel ?? fromNamespace, !project.isEmpty else {
            causes.append(
                .required(
                    ManifestReader.item("metadata.labels", LegacyDeployment.projectLabel),
                    "the project comes from the namespace (\(options.namespace(for: "<project>"))) or from the project label"
                )
            )
            return
        }
        self.project = project
        set("project", .string(project), from: fromLabel != nil ? labelField : "metadata.namespace")
    }

    /// The project whose namespace `namespace` is under `pattern` (`runai-{project}`), if it is one.
    static func project(inNamespace namespace: String, pattern: String) -> String? {
        guard let range = pattern.range(of: TranslationOptions.projectPlaceholder) else { return nil }
        let prefix = pattern[..<range.lowerBound]
        let suffix = pattern[range.upperBound...]
        guard namespace.count > prefix.count + suffix.count, namespace.hasPrefix(prefix), namespace.hasSuffix(suffix) else { return nil }
        return String(namespace.dropFirst(prefix.count).dropLast(suffix.count))
    }

    private mutating func resolveUser() {
        let pod = deployment.template.annotations[LegacyDeployment.userAnnotation]
        user = (pod ?? deployment.annotations[LegacyDeployment.userAnnotation]).flatMap { $0.isEmpty ? nil : $0 }
    }
}
