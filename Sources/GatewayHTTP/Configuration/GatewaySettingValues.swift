import Configuration
import Foundation

/// The values of the ``GatewaySetting``s, read through swift-configuration from three providers in
/// order of precedence: the flags, then the environment (each setting's own variable), then a
/// `--config` file; a setting given nowhere (or given empty) takes its declared default.
public struct GatewaySettingValues: Sendable {
    /// Where a setting's value came from, in increasing precedence.
    public enum Origin: String, Sendable, Hashable {
        /// The setting's declared default (or none).
        case `default`
        /// The `--config` file.
        case file
        /// The setting's environment variable.
        case env
        /// The command line.
        case flag
    }

    private let reader: ConfigReader
    /// Each provider on its own, in order of precedence, to tell where a value came from.
    private let sources: [(origin: Origin, reader: ConfigReader)]

    /// Creates the values of `flags` (as given on the command line), `environment` and, when given,
    /// a `--config` file's provider (``GatewayConfigurationFile/provider(path:)``).
    public init(flags: [GatewaySetting: String] = [:], environment: [String: String], file: (any ConfigProvider)? = nil) {
        var given: [AbsoluteConfigKey: ConfigValue] = [:]
        for (setting, text) in flags {
            given[AbsoluteConfigKey([setting.key])] = ConfigValue(.string(text), isSecret: setting.isSecret)
        }
        let secretVariables = Set(GatewaySetting.all.filter(\.isSecret).map(\.environment))
        let variables = EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(secretVariables))
            .mapKeys { key in
                // Each setting keeps the variable it always had (GATEWAY_KUBE_CONTEXT for --context).
                AbsoluteConfigKey([GatewaySetting.named(key.components.joined(separator: "."))?.environment ?? "GATEWAY_UNDECLARED_SETTING"])
            }
        var providers: [(Origin, any ConfigProvider)] = [(.flag, InMemoryProvider(name: "flags", values: given)), (.env, variables)]
        if let file { providers.append((.file, file)) }
        reader = ConfigReader(providers: providers.map(\.1))
        sources = providers.map { (origin: $0.0, reader: ConfigReader(providers: [$0.1])) }
    }

    /// The values of `flags`, `environment` and, when `configFile` names one, a `--config` file.
    /// - Throws: ``GatewayConfigurationError`` naming the file and the key.
    public static func load(flags: [GatewaySetting: String], environment: [String: String], configFile: String?) async throws -> Self {
        guard let configFile else { return Self(flags: flags, environment: environment) }
        return Self(flags: flags, environment: environment, file: try await GatewayConfigurationFile.provider(path: configFile))
    }

    /// The setting's text from the first provider that has it, as given; `nil` when none has it.
    public func given(_ setting: GatewaySetting) -> String? {
        reader.string(forKey: ConfigKey([setting.key]), isSecret: setting.isSecret)
    }

    /// Where the setting's ``text(_:)`` came from: the first provider that has it, unless it gave
    /// it empty (then, as when none has it, the default).
    public func origin(_ setting: GatewaySetting) -> Origin {
        for source in sources {
            guard let text = source.reader.string(forKey: ConfigKey([setting.key]), isSecret: setting.isSecret) else { continue }
            return text.trimmingCharacters(in: .whitespaces).isEmpty ? .default : source.origin
        }
        return .default
    }

    /// Checks every value taken from the environment against its setting's rule, so that a refusal
    /// names the variable as well as the setting (`GATEWAY_SUBMIT_WAIT: --submit-wait must be …`).
    /// - Throws: ``GatewayConfigurationError`` naming the variable, the setting and the rule.
    public func checkEnvironment() throws {
        for setting in GatewaySetting.all where origin(setting) == .env {
            guard let text = text(setting) else { continue }
            do {
                try setting.check(text)
            } catch let error as GatewayConfigurationError {
                throw GatewayConfigurationError("\(setting.environment): \(error.message)")
            }
        }
    }

    /// The setting's text: as given unless empty, otherwise the declared default (`nil` when it has none).
    public func text(_ setting: GatewaySetting) -> String? {
        guard let given = given(setting), !given.trimmingCharacters(in: .whitespaces).isEmpty else { return setting.defaultValue }
        return given
    }

    /// The setting's duration (its rule is seconds); `nil` when given nowhere and without a default.
    public func duration(_ setting: GatewaySetting) throws -> Duration? { try text(setting).map(setting.duration) }

    /// The setting's whole number; `nil` when given nowhere and without a default.
    public func wholeNumber(_ setting: GatewaySetting) throws -> Int? { try text(setting).map(setting.wholeNumber) }

    /// The setting's number; `nil` when given nowhere and without a default.
    public func number(_ setting: GatewaySetting) throws -> Double? { try text(setting).map(setting.number) }

    /// The setting's choice; `nil` when given nowhere and without a default.
    public func choice(_ setting: GatewaySetting) throws -> String? { try text(setting).map(setting.choice) }

    /// The setting's byte count; `nil` when given nowhere and without a default.
    public func byteCount(_ setting: GatewaySetting) throws -> Int? { try text(setting).map(setting.byteCount) }

    /// The setting's date; `nil` when given nowhere and without a default.
    public func date(_ setting: GatewaySetting) throws -> Date? { try text(setting).map(setting.date) }
}
