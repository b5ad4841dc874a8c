import ArgumentParser
import Foundation
import GatewayHTTP
import Hummingbird

extension InferenceGateway {
    /// `inference-gateway serve`: run the gateway.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the gateway (the default command).",
            discussion: """
                Every setting is read from its flag, else its environment variable, else the --config file, else its default. \
                The file is YAML, one key per setting, named as the flag without -- (port: 9090, oidc-issuer: https://…); \
                a key that is no setting stops the start.
                """
        )

        @Option(
            name: .customLong("config"),
            help: "A YAML file of settings keyed by the flags' names (port: 9090); the environment and flags win over it"
        )
        var configFile: String?

        @Option(name: .setting(.host), help: .setting(.host))
        var host: String?

        @Option(name: .setting(.port), help: .setting(.port))
        var port: Int?

        @OptionGroup var database: DatabaseOptions

        @Flag(name: .customLong("no-migrate"), help: "Refuse to start if migrations are pending, instead of applying them.")
        var noMigrate = false

        @Option(name: .setting(.logLevel), help: .setting(.logLevel))
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

        /// Every setting given on the command line.
        var flags: [GatewaySetting: String] {
            let own: [GatewaySetting: String?] = [
                .host: host, .port: port.map { String($0) }, .database: database.database, .logLevel: logLevel?.rawValue,
            ]
            return [legacy.flags, oidc.flags, cluster.flags, sync.flags, connections.flags].reduce(own.compactMapValues { $0 }) {
                $0.merging($1) { first, _ in first }
            }
        }

        func run() async throws {
            MallocArenas.limit()
            let configuration: GatewayConfiguration
            let level: LogLevelOption
            do {
                let values = try await GatewaySettingValues.load(
                    flags: flags,
                    environment: ProcessInfo.processInfo.environment,
                    configFile: configFile
                )
                level = values.text(.logLevel).flatMap { LogLevelOption(rawValue: $0) } ?? .info
                configuration = try GatewayConfiguration.resolve(values, migrateOnStart: !noMigrate)
            } catch let error as GatewayConfigurationError {
                throw ValidationError(error.message)
            }
            let logger = bootstrapLogging(level)
            let app = try await buildApplication(configuration: configuration, logger: logger)
            try await app.runService()
        }
    }
}
