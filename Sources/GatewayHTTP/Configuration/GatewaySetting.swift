import GatewayCore

/// One setting of `serve`, declared once: its key (the flag's name without `--`, and the key in a
/// `--config` file), its environment variable, its default, the rule its text must follow and whether
/// it is a secret. The flags' help, the environment lookup and the typed values derive from it.
public struct GatewaySetting: Sendable, Hashable, CustomStringConvertible {
    /// What a setting's text must be; the parse and the message naming the setting and the rule.
    public enum Rule: Sendable, Hashable {
        /// Any text.
        case text
        /// One of the names.
        case choice([String])
        /// A number of seconds (fractions allowed) in the range.
        case seconds(ClosedRange<Double>)
        /// A whole number of seconds in the range, optionally followed by `s`.
        case wholeSeconds(ClosedRange<Int>)
        /// A whole number in the range (`Int.max` as the upper bound means none).
        case wholeNumber(ClosedRange<Int>)
        /// A number in the range.
        case number(ClosedRange<Double>)
        /// A positive byte count, `1048576` or `1MiB`.
        case byteCount
        /// `@<unix seconds>`, an ISO 8601 date or an HTTP-date.
        case date
    }

    /// The flag's name without `--`; also the key in a `--config` file.
    public let key: String
    /// The environment variable read when the flag is not given.
    public let environment: String
    /// The value used when the setting is given nowhere, in the setting's text form; `nil` when there is none.
    public let defaultValue: String?
    /// What the help says of the default when it is not ``defaultValue`` itself.
    public let defaultNote: String?
    /// What the setting is, for `--help`.
    public let summary: String
    /// The rule its text must follow.
    public let rule: Rule
    /// Whether its value must never be shown.
    public let isSecret: Bool

    /// Declares a setting.
    public init(
        _ key: String,
        environment: String,
        default defaultValue: String? = nil,
        defaultNote: String? = nil,
        rule: Rule = .text,
        secret: Bool = false,
        _ summary: String
    ) {
        self.key = key
        self.environment = environment
        self.defaultValue = defaultValue
        self.defaultNote = defaultNote
        self.summary = summary
        self.rule = rule
        self.isSecret = secret
    }

    /// `--<key>`.
    public var flag: String { "--\(key)" }

    /// The `--help` text: the summary, the environment variable and the default.
    public var help: String {
        let shownDefault = defaultNote ?? defaultValue
        return "\(summary). Env: \(environment)" + (shownDefault.map { ". Default: \($0)" } ?? "")
    }

    /// The flag.
    public var description: String { flag }
}

extension GatewaySetting {
    /// Every setting `serve` reads from flags, the environment and a `--config` file, in `--help` order.
    public static let all: [GatewaySetting] = [
        host, port, database, logLevel, shutdownTimeout, shutdownDrain,
        auth, tokensFile, projectsFile, templatesFile, brownoutsFile, namespacePattern, clusterAPIVersion, deprecationDate, sunsetDate,
        deprecationDocsURL, clusterBaseURL, maxBodySize,
        oidcIssuer, oidcAudience, oidcJWKSURL, oidcJWKSFile, oidcUserClaim, oidcProjectsClaim, oidcProjectsFile, oidcClockSkew,
        cluster, controllerDelay, controllerFailureShare, clusterEventHistory,
        kubeconfig, kubeContext, submitWait, drift, pushAttempts, pushMaxBackoff,
        clientHeaderTimeout, clientBodyTimeout, keepAliveTimeout, maxConnections, maxBufferedBodyBytes,
        logFormat, metricsAuth, metricsMaxClients,
        auditRetention, idempotencyRetention,
    ]

    /// The setting of a key (a flag's name without `--`), if there is one.
    public static func named(_ key: String) -> GatewaySetting? { byKey[key] }

    private static let byKey = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })

    // MARK: The listener, the database, logging

    /// `--host`.
    public static let host = GatewaySetting("host", environment: "GATEWAY_HOST", default: "127.0.0.1", "The address to listen on")
    /// `--port`.
    public static let port = GatewaySetting(
        "port",
        environment: "GATEWAY_PORT",
        default: "8080",
        rule: .wholeNumber(0...65535),
        "The port to listen on (0 picks a free one)"
    )
    /// `--database`.
    public static let database = GatewaySetting(
        "database",
        environment: "GATEWAY_DATABASE",
        default: GatewayConfiguration.Database.defaultPath,
        defaultNote: "./data/gateway.sqlite",
        "The SQLite database file"
    )
    /// `--log-level`.
    public static let logLevel = GatewaySetting(
        "log-level",
        environment: "GATEWAY_LOG_LEVEL",
        default: "info",
        rule: .choice(["trace", "debug", "info", "notice", "warning", "error", "critical"]),
        "trace, debug, info, notice, warning, error or critical"
    )

    /// `--shutdown-timeout`.
    public static let shutdownTimeout = GatewaySetting(
        "shutdown-timeout",
        environment: "GATEWAY_SHUTDOWN_TIMEOUT",
        default: "25",
        rule: .seconds(1...3600),
        "Seconds a SIGTERM or SIGINT shutdown may take (in-flight requests, the current push, the database's checkpoint); "
            + "keep it below the pod's terminationGracePeriodSeconds"
    )
    /// `--shutdown-drain`.
    public static let shutdownDrain = GatewaySetting(
        "shutdown-drain",
        environment: "GATEWAY_SHUTDOWN_DRAIN",
        default: "0",
        rule: .seconds(0...600),
        "Seconds /readyz answers 503 while the listener still serves, before it stops accepting (part of --shutdown-timeout)"
    )

    // MARK: The legacy API

    /// `--auth`.
    public static let auth = GatewaySetting(
        "auth",
        environment: "GATEWAY_AUTH",
        defaultNote: "none (tokens with --tokens-file)",
        "none (no auth, RA-USER names the user), tokens or oidc"
    )
    /// `--tokens-file`.
    public static let tokensFile = GatewaySetting(
        "tokens-file",
        environment: "GATEWAY_TOKENS_FILE",
        "YAML or JSON file mapping bearer tokens to a user and projects; re-read when it changes"
    )
    /// `--projects-file`.
    public static let projectsFile = GatewaySetting(
        "projects-file",
        environment: "GATEWAY_PROJECTS_FILE",
        "YAML or JSON file listing the projects; re-read when it changes. Without it, a project is created on its first submit"
    )
    /// `--templates-file`.
    public static let templatesFile = GatewaySetting(
        "templates-file",
        environment: "GATEWAY_TEMPLATES_FILE",
        "YAML or JSON file of job templates a {\"template\": …} submit names as settingsName; re-read when it changes"
    )
    /// `--namespace-pattern`.
    public static let namespacePattern = GatewaySetting(
        "namespace-pattern",
        environment: "GATEWAY_NAMESPACE_PATTERN",
        default: "runai-{project}",
        "Namespace of a project's workloads; {project} is replaced"
    )
    /// `--cluster-api-version`.
    public static let clusterAPIVersion = GatewaySetting(
        "cluster-api-version",
        environment: "GATEWAY_CLUSTER_API_VERSION",
        default: InferenceWorkload.Version.preferred.rawValue,
        "InferenceWorkload version to emit: v2alpha1 or v1alpha1"
    )
    /// `--deprecation-date`.
    public static let deprecationDate = GatewaySetting(
        "deprecation-date",
        environment: "GATEWAY_DEPRECATION_DATE",
        default: "2022-05-01",
        defaultNote: "2022-05-01 (Run:ai 2.5)",
        rule: .date,
        "Deprecation date: @<unix seconds>, ISO 8601 or HTTP-date"
    )
    /// `--sunset-date`.
    public static let sunsetDate = GatewaySetting(
        "sunset-date",
        environment: "GATEWAY_SUNSET_DATE",
        defaultNote: "none",
        rule: .date,
        "Sunset date sent in Sunset (not before the deprecation date)"
    )
    /// `--deprecation-docs-url`.
    public static let deprecationDocsURL = GatewaySetting(
        "deprecation-docs-url",
        environment: "GATEWAY_DEPRECATION_DOCS_URL",
        default: LegacyAPIConfiguration.Deprecation.defaultDocumentationURL,
        "Documentation linked with rel=\"deprecation\""
    )
    /// `--cluster-base-url`.
    public static let clusterBaseURL = GatewaySetting(
        "cluster-base-url",
        environment: "GATEWAY_CLUSTER_BASE_URL",
        defaultNote: "the gateway's own URL",
        "Cluster API base URL of rel=\"successor-version\" links"
    )
    /// `--max-body-size`.
    public static let maxBodySize = GatewaySetting(
        "max-body-size",
        environment: "GATEWAY_MAX_BODY_SIZE",
        default: "1MiB",
        rule: .byteCount,
        "Largest legacy request body, e.g. 1048576 or 1MiB"
    )
}
