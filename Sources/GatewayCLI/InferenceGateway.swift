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
        subcommands: [Serve.self, Config.self, Migrate.self, Backup.self, Translate.self, Usage.self, Version.self],
        defaultSubcommand: Serve.self
    )
}

/// `--database`, in `serve` and in every subcommand that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .setting(.database), help: .setting(.database))
    var database: String?
}

/// What `migrate` and `backup` take to find the database: `--database`, else its environment
/// variable, else the `--config` file's `database`, else the default, as `serve` does.
struct DatabaseLocationOptions: ParsableArguments {
    @OptionGroup var file: ConfigFileOption

    @OptionGroup var database: DatabaseOptions

    /// The database file's path.
    /// - Throws: `ValidationError` naming the file, the key and the rule.
    func path() async throws -> String {
        let values = try await file.values(flags: database.database.map { [.database: $0] } ?? [:])
        return values.text(.database) ?? GatewayConfiguration.Database.defaultPath
    }
}

/// The log level flag, as a local type (no retroactive conformance on `Logger.Level`).
enum LogLevelOption: String, ExpressibleByArgument, CaseIterable {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .info }

    /// The level of `values`: from the flag, the environment or the file, checked.
    /// - Throws: `ValidationError` naming the setting and the levels (an unknown level is never ignored).
    static func resolve(_ values: GatewaySettingValues) throws -> LogLevelOption {
        do {
            return try values.choice(.logLevel).flatMap(LogLevelOption.init) ?? .info
        } catch let error as GatewayConfigurationError {
            throw ValidationError(error.message)
        }
    }
}

/// Sets up logging once, in the executable only.
/// - Parameter format: `--log-format`: key=value lines, or one JSON object per line.
func bootstrapLogging(_ option: LogLevelOption, format: ObservabilityConfiguration.LogFormat = .text) -> Logger {
    let level = option.level
    switch format {
    case .text: LoggingSystem.bootstrap { label in StandardErrorLogHandler(label: label, logLevel: level) }
    case .json: LoggingSystem.bootstrap { label in JSONLogHandler(label: label, logLevel: level) }
    }
    return Logger(label: "inference-gateway")
}
