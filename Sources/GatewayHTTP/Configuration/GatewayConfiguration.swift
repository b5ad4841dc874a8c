import Foundation

/// Everything the gateway is configured with, built once by the CLI and passed down.
public struct GatewayConfiguration: Sendable {
    /// The HTTP listener.
    public struct HTTP: Sendable {
        /// The address to listen on. `127.0.0.1` unless told otherwise.
        public var host: String
        /// The port to listen on.
        public var port: Int
        /// How long a client may take to send a request head (`--client-header-timeout`).
        public var clientHeaderTimeout: Duration = .seconds(60)
        /// How long a client may pause between two reads of a request body (`--client-body-timeout`).
        public var clientBodyTimeout: Duration = .seconds(60)
        /// How long an idle keep-alive connection stays open (`--keepalive-timeout`).
        public var keepAliveTimeout: Duration = .seconds(75)
        /// Open connections at once (`--max-connections`); more get a 503 and are closed.
        public var maxConnections: Int = 1024
        /// Bytes of request bodies held in memory at once, across connections (`--max-buffered-body-bytes`).
        public var maxBufferedBodyBytes: Int = 64 << 20

        /// Creates HTTP settings.
        public init(host: String = "127.0.0.1", port: Int = 8080) {
            self.host = host
            self.port = port
        }
    }

    /// The SQLite database.
    public struct Database: Sendable {
        /// The database file.
        public var path: String
        /// Whether `serve` applies pending migrations before it starts.
        public var migrateOnStart: Bool

        /// Creates database settings.
        public init(path: String = Database.defaultPath, migrateOnStart: Bool = true) {
            self.path = path
            self.migrateOnStart = migrateOnStart
        }

        /// `./data/gateway.sqlite`, relative to the working directory.
        public static let defaultPath = "data/gateway.sqlite"
    }

    /// The HTTP listener.
    public var http: HTTP
    /// The SQLite database.
    public var database: Database
    /// The legacy API: authentication, projects, deprecation signals, body limit.
    public var legacy: LegacyAPIConfiguration
    /// The Kubernetes backend: the embedded cluster (default) or a real one.
    public var cluster = ClusterConfiguration()
    /// How the gateway pushes to its cluster and follows it back.
    public var sync = SyncConfiguration()

    /// Creates a configuration.
    public init(http: HTTP = HTTP(), database: Database = Database(), legacy: LegacyAPIConfiguration = .init()) {
        self.http = http
        self.database = database
        self.legacy = legacy
    }
}

/// The environment variables the gateway reads, each the fallback for a command-line flag.
public enum GatewayEnvironment {
    /// `--host`.
    public static let host = "GATEWAY_HOST"
    /// `--port`.
    public static let port = "GATEWAY_PORT"
    /// `--database`.
    public static let database = "GATEWAY_DATABASE"
    /// `--log-level`.
    public static let logLevel = "GATEWAY_LOG_LEVEL"
    /// `--auth`.
    public static let auth = "GATEWAY_AUTH"
    /// `--tokens-file`.
    public static let tokensFile = "GATEWAY_TOKENS_FILE"
    /// `--projects-file`.
    public static let projectsFile = "GATEWAY_PROJECTS_FILE"
    /// `--templates-file`.
    public static let templatesFile = "GATEWAY_TEMPLATES_FILE"
    /// `--namespace-pattern`.
    public static let namespacePattern = "GATEWAY_NAMESPACE_PATTERN"
    /// `--cluster-api-version`.
    public static let clusterAPIVersion = "GATEWAY_CLUSTER_API_VERSION"
    /// `--deprecation-date`.
    public static let deprecationDate = "GATEWAY_DEPRECATION_DATE"
    /// `--sunset-date`.
    public static let sunsetDate = "GATEWAY_SUNSET_DATE"
    /// `--deprecation-docs-url`.
    public static let deprecationDocsURL = "GATEWAY_DEPRECATION_DOCS_URL"
    /// `--cluster-base-url`.
    public static let clusterBaseURL = "GATEWAY_CLUSTER_BASE_URL"
    /// `--max-body-size`.
    public static let maxBodySize = "GATEWAY_MAX_BODY_SIZE"
}
