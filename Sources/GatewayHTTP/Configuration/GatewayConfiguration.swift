import Foundation

/// Everything the gateway is configured with, built once by the CLI and passed down.
public struct GatewayConfiguration: Sendable {
    /// The HTTP listener.
    public struct HTTP: Sendable {
        /// The address to listen on. `127.0.0.1` unless told otherwise.
        public var host: String
        /// The port to listen on.
        public var port: Int

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

    /// Creates a configuration.
    public init(http: HTTP = HTTP(), database: Database = Database()) {
        self.http = http
        self.database = database
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
}
