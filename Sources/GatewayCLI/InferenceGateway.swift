import ArgumentParser
import Foundation
import GatewayHTTP
import Logging

/// The `inference-gateway` command.
@main
struct InferenceGateway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inference-gateway",
        abstract: "Serves the deprecated Run:ai Inference API over Cluster-API InferenceWorkloads.",
        version: GatewayVersionInfo.version,
        subcommands: [Serve.self, Migrate.self, Backup.self, Translate.self, Version.self],
        defaultSubcommand: Serve.self
    )
}

/// Options every subcommand that opens the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .setting(.database), help: .setting(.database))
    var database: String?

    /// The path from the flag, the environment, or the default.
    var path: String {
        database ?? ProcessInfo.processInfo.environment[GatewayEnvironment.database]
            ?? GatewayConfiguration.Database.defaultPath
    }
}

/// The log level flag, as a local type (no retroactive conformance on `Logger.Level`).
enum LogLevelOption: String, ExpressibleByArgument, CaseIterable {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .info }
}

/// Sets up logging once, in the executable only.
func bootstrapLogging(_ option: LogLevelOption?) -> Logger {
    let environment = ProcessInfo.processInfo.environment[GatewayEnvironment.logLevel].flatMap(LogLevelOption.init)
    let level = (option ?? environment ?? .info).level
    LoggingSystem.bootstrap { label in StandardErrorLogHandler(label: label, logLevel: level) }
    return Logger(label: "inference-gateway")
}
