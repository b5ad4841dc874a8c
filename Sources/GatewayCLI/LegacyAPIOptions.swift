import ArgumentParser
import GatewayHTTP

/// The `serve` flags of the legacy API: authentication, projects, translation, deprecation, body limit.
struct LegacyAPIOptions: ParsableArguments {
    @Option(
        name: .customLong("auth"),
        help: "none (no auth, RA-USER names the user), tokens or oidc. Env: \(GatewayEnvironment.auth). Default: none (tokens with --tokens-file)"
    )
    var auth: String?

    @Option(
        name: .customLong("tokens-file"),
        help: "YAML or JSON file mapping bearer tokens to a user and projects; re-read when it changes. Env: \(GatewayEnvironment.tokensFile)")
    var tokensFile: String?

    @Option(
        name: .customLong("projects-file"),
        help: "YAML or JSON file listing the projects. Without it, a project is created on its first submit. Env: \(GatewayEnvironment.projectsFile)")
    var projectsFile: String?

    @Option(
        name: .customLong("templates-file"),
        help: "YAML or JSON file of job templates a {\"template\": …} submit names as settingsName; re-read when it changes. Env: \(GatewayEnvironment.templatesFile)")
    var templatesFile: String?

    @Option(
        name: .customLong("namespace-pattern"),
        help: "Namespace of a project's workloads; {project} is replaced. Env: \(GatewayEnvironment.namespacePattern). Default: runai-{project}")
    var namespacePattern: String?

    @Option(
        name: .customLong("cluster-api-version"),
        help: "InferenceWorkload version to emit: v2alpha1 or v1alpha1. Env: \(GatewayEnvironment.clusterAPIVersion). Default: v2alpha1")
    var clusterAPIVersion: String?

    @Option(
        name: .customLong("deprecation-date"),
        help: "Deprecation date: @<unix seconds>, ISO 8601 or HTTP-date. Env: \(GatewayEnvironment.deprecationDate). Default: 2022-05-01 (Run:ai 2.5)"
    )
    var deprecationDate: String?

    @Option(
        name: .customLong("sunset-date"),
        help: "Sunset date sent in Sunset (not before the deprecation date). Env: \(GatewayEnvironment.sunsetDate). Default: none")
    var sunsetDate: String?

    @Option(
        name: .customLong("deprecation-docs-url"),
        help: "Documentation linked with rel=\"deprecation\". Env: \(GatewayEnvironment.deprecationDocsURL)")
    var deprecationDocsURL: String?

    @Option(
        name: .customLong("cluster-base-url"),
        help: "Cluster API base URL of rel=\"successor-version\" links. Env: \(GatewayEnvironment.clusterBaseURL). Default: the gateway's own URL"
    )
    var clusterBaseURL: String?

    @Option(
        name: .customLong("max-body-size"),
        help: "Largest legacy request body, e.g. 1048576 or 1MiB. Env: \(GatewayEnvironment.maxBodySize). Default: 1MiB")
    var maxBodySize: String?

    /// The flags as given, for ``LegacyAPIConfiguration/resolve(_:environment:)``.
    var settings: LegacyAPIConfiguration.Settings {
        LegacyAPIConfiguration.Settings(
            auth: auth,
            tokensFile: tokensFile,
            projectsFile: projectsFile,
            namespacePattern: namespacePattern,
            clusterAPIVersion: clusterAPIVersion,
            deprecationDate: deprecationDate,
            sunsetDate: sunsetDate,
            deprecationDocsURL: deprecationDocsURL,
            clusterBaseURL: clusterBaseURL,
            maxBodySize: maxBodySize,
            templatesFile: templatesFile
        )
    }
}
