import ArgumentParser
import Foundation
import GatewayHTTP

/// `--config FILE`: the YAML file of settings below the environment and the flags.
struct ConfigFileOption: ParsableArguments {
    @Option(
        name: .customLong("config"),
        help: "A YAML file of settings keyed by the flags' names (port: 9090); the environment and flags win over it"
    )
    var configFile: String?

    /// The values of `flags`, the environment and the file.
    /// - Throws: `ValidationError` naming the file, the key and the rule.
    func values(flags: [GatewaySetting: String]) async throws -> GatewaySettingValues {
        do {
            return try await GatewaySettingValues.load(flags: flags, environment: ProcessInfo.processInfo.environment, configFile: configFile)
        } catch let error as GatewayConfigurationError {
            throw ValidationError(error.message)
        }
    }
}

/// Every setting of `serve` as a flag, with `--config`: what `serve` and `config --print` take.
struct SettingsOptions: ParsableArguments, SettingFlags {
    @OptionGroup var file: ConfigFileOption

    @Option(name: .setting(.host), help: .setting(.host))
    var host: String?

    @Option(name: .setting(.port), help: .setting(.port))
    var port: Int?

    @OptionGroup var database: DatabaseOptions

    @Option(name: .setting(.logLevel), help: .setting(.logLevel))
    var logLevel: LogLevelOption?

    @Option(name: .setting(.shutdownTimeout), help: .setting(.shutdownTimeout))
    var shutdownTimeout: String?

    @Option(name: .setting(.shutdownDrain), help: .setting(.shutdownDrain))
    var shutdownDrain: String?

    @OptionGroup(title: "Legacy API") var legacy: LegacyAPIOptions

    @OptionGroup(title: "OIDC (--auth oidc)") var oidc: OIDCOptions

    @OptionGroup(title: "Kubernetes") var cluster: ClusterOptions

    @OptionGroup(title: "Push and status sync") var sync: SyncOptions

    @OptionGroup(title: "Connections") var connections: ConnectionOptions

    @OptionGroup(title: "Metrics and logs") var observability: ObservabilityOptions

    @OptionGroup(title: "Retention") var retention: RetentionOptions

    func validate() throws {
        if let port, !(0...65535).contains(port) {
            throw ValidationError("--port must be between 0 and 65535, not \(port)")
        }
    }

    /// Every setting given on the command line.
    var flags: [GatewaySetting: String] {
        let own = given([
            .host: host, .port: port.map { String($0) }, .database: database.database, .logLevel: logLevel?.rawValue,
            .shutdownTimeout: shutdownTimeout, .shutdownDrain: shutdownDrain,
        ])
        return [legacy.flags, oidc.flags, cluster.flags, sync.flags, connections.flags, observability.flags, retention.flags].reduce(own) {
            $0.merging($1) { first, _ in first }
        }
    }

    /// The values of the flags, the environment and the `--config` file.
    /// - Throws: `ValidationError` naming the file, the key and the rule.
    func values() async throws -> GatewaySettingValues { try await file.values(flags: flags) }

    /// The whole configuration, checked.
    /// - Throws: `ValidationError` naming the setting and the rule.
    func resolve(_ values: GatewaySettingValues, migrateOnStart: Bool = true) throws -> GatewayConfiguration {
        do {
            try values.checkEnvironment()
            let configuration = try GatewayConfiguration.resolve(values, migrateOnStart: migrateOnStart)
            try configuration.legacy.validate()
            return configuration
        } catch let error as GatewayConfigurationError {
            throw ValidationError(error.message)
        }
    }
}
