import ArgumentParser
import Foundation
import GatewayHTTP
import Hummingbird
import Logging

extension InferenceGateway {
    /// `inference-gateway serve`: run the gateway.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the gateway (the default command).",
            discussion: """
                Every setting is read from its flag, else its environment variable, else the --config file, else its default. \
                The file is YAML, one key per setting, named as the flag without -- (port: 9090, oidc-issuer: https://…); \
                a key that is no setting stops the start. `inference-gateway config --print` shows what is in force.
                """
        )

        @OptionGroup var settings: SettingsOptions

        @Flag(name: .customLong("no-migrate"), help: "Refuse to start if migrations are pending, instead of applying them.")
        var noMigrate = false

        func run() async throws {
            MallocArenas.limit()
            let values = try await settings.values()
            let configuration = try settings.resolve(values, migrateOnStart: !noMigrate)
            let level = try LogLevelOption.resolve(values)
            let logger = bootstrapLogging(level, format: configuration.observability.logFormat)
            let readiness = ReadinessSwitch()
            let app = try await buildApplication(configuration: configuration, readiness: readiness, logger: logger)
            try await runUntilSignalled(app, shutdown: configuration.shutdown, readiness: readiness, logger: logger)
            logger.notice("shut down")
        }
    }
}
