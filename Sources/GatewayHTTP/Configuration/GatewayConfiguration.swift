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

    /// How a SIGTERM or SIGINT ends the gateway.
    public struct Shutdown: Sendable {
        /// The longest the whole graceful shutdown may take (`--shutdown-timeout`); then what is left is cancelled.
        public var deadline: Duration = .seconds(25)
        /// How long `/readyz` answers 503 before the listener stops accepting (`--shutdown-drain`).
        public var drain: Duration = .zero

        /// Creates shutdown settings.
        public init(deadline: Duration = .seconds(25), drain: Duration = .zero) {
            self.deadline = deadline
            self.drain = drain
        }
    }

    /// The HTTP listener.
    public var http: HTTP
    /// How a SIGTERM or SIGINT ends the gateway.
    public var shutdown = Shutdown()
    /// The SQLite database.
    public var database: Database
    /// The legacy API: authentication, projects, deprecation signals, body limit.
    public var legacy: LegacyAPIConfiguration
    /// The Kubernetes backend: the embedded cluster (default) or a real one.
    public var cluster = ClusterConfiguration()
    /// How the gateway pushes to its cluster and follows it back.
    public var sync = SyncConfiguration()
    /// `/metrics` and the log format.
    public var observability = ObservabilityConfiguration()
    /// How long the audit log and the idempotency keys are kept.
    public var retention = RetentionConfiguration()

    /// Creates a configuration.
    public init(http: HTTP = HTTP(), database: Database = Database(), legacy: LegacyAPIConfiguration = .init()) {
        self.http = http
        self.database = database
        self.legacy = legacy
    }
}
