import ArgumentParser
import Foundation
import GatewayHTTP
import Hummingbird

extension InferenceGateway {
    /// `inference-gateway serve`: run the gateway.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the gateway (the default command).")

        @Option(help: "The address to listen on. Env: \(GatewayEnvironment.host). Default: 127.0.0.1")
        var host: String?

        @Option(help: "The port to listen on. Env: \(GatewayEnvironment.port). Default: 8080")
        var port: Int?

        @OptionGroup var database: DatabaseOptions

        @Flag(name: .customLong("no-migrate"), help: "Refuse to start if migrations are pending, instead of applying them.")
        var noMigrate = false

        @Option(help: "trace, debug, info, notice, warning, error or critical. Env: \(GatewayEnvironment.logLevel)")
        var logLevel: LogLevelOption?

        @OptionGroup(title: "Legacy API") var legacy: LegacyAPIOptions

        @OptionGroup(title: "OIDC (--auth oidc)") var oidc: OIDCOptions

        @OptionGroup(title: "Kubernetes") var cluster: ClusterOptions

        @OptionGroup(title: "Push and status sync") var sync: SyncOptions

        @OptionGroup(title: "Connections") var connections: ConnectionOptions

        func validate() throws {
            if let port, !(0...65535).contains(port) {
                throw ValidationError("--port must be between 0 and 65535, not \(port)")
            }
        }

        func run() async throws {
            MallocArenas.limit()
            let logger = bootstrapLogging(logLevel)
            let environment = ProcessInfo.processInfo.environment
            let resolvedPort = port ?? environment[GatewayEnvironment.port].map { Int($0) ?? -1 } ?? 8080
            guard (0...65535).contains(resolvedPort) else {
                throw ValidationError("\(GatewayEnvironment.port) must be a port number")
            }
            let legacyConfiguration: LegacyAPIConfiguration
            do {
                var legacySettings = legacy.settings
                legacySettings.oidc = oidc.settings
                legacyConfiguration = try LegacyAPIConfiguration.resolve(legacySettings, environment: environment)
            } catch let error as GatewayConfigurationError {
                throw ValidationError(error.message)
            }
            var configuration = GatewayConfiguration(
                http: .init(host: host ?? environment[GatewayEnvironment.host] ?? "127.0.0.1", port: resolvedPort),
                database: .init(path: database.path, migrateOnStart: !noMigrate),
                legacy: legacyConfiguration
            )
            do {
                configuration.cluster = try ClusterConfiguration.resolve(cluster.settings, environment: environment)
                configuration.sync = try SyncConfiguration.resolve(sync.settings, environment: environment)
                try configuration.http.resolveBounds(
                    connections.settings, environment: environment, largestBody: legacyConfiguration.maximumBodySize
                )
            } catch let error as GatewayConfigurationError {
                throw ValidationError(error.message)
            }
            let app = try await buildApplication(configuration: configuration, logger: logger)
            try await app.runService()
        }
    }
}
