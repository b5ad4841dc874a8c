import Configuration
import Foundation
import Yams

/// The `--config FILE` of `serve`: a YAML mapping of setting keys (the flags' names without `--`) to
/// values, flat (`port: 9090`, `oidc-issuer: https://…`). Flags and environment variables win over it.
/// A key that is no setting, or a value that is a list or a mapping, stops the start naming the key.
public enum GatewayConfigurationFile {
    /// Reads and checks the file at `path`, and returns it as a swift-configuration provider.
    /// - Throws: ``GatewayConfigurationError`` naming the file and the key.
    public static func provider(path: String) async throws -> any ConfigProvider {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GatewayConfigurationError("--config: cannot read \(path)")
        }
        guard try check(String(decoding: data, as: UTF8.self), source: path) else {
            return InMemoryProvider(name: path, values: [:])
        }
        let secretKeys = Set(GatewaySetting.all.filter(\.isSecret).map(\.key))
        let location = ConfigReader(provider: InMemoryProvider(values: ["filePath": ConfigValue(.string(path), isSecret: false)]))
        do {
            return try await FileProvider<YAMLSnapshot>(parsingOptions: .init(secretsSpecifier: .specific(secretKeys)), config: location)
        } catch {
            throw GatewayConfigurationError("--config \(path) cannot be read: \(error)")
        }
    }

    /// Checks that `text` is a mapping of known setting keys to single values that follow each
    /// setting's rule; `false` when it sets nothing at all (an empty file).
    /// - Throws: ``GatewayConfigurationError`` naming `source`, the key and the rule.
    @discardableResult
    public static func check(_ text: String, source: String) throws -> Bool {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw GatewayConfigurationError("--config \(source) is not valid YAML: \(error)")
        }
        guard let root else { return false }
        guard let mapping = root.mapping else {
            throw GatewayConfigurationError("--config \(source) must be a mapping of settings to values, e.g. port: 9090")
        }
        for (key, value) in mapping {
            guard let name = key.string, let setting = GatewaySetting.named(name) else {
                throw GatewayConfigurationError(
                    "--config \(source): unknown key \(shown(key.string)); the keys are the flags' names without --, e.g. port"
                )
            }
            guard let scalar = value.scalar else {
                throw GatewayConfigurationError("--config \(source): \(name) must be a single value, not a list or a mapping")
            }
            if !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty {
                do {
                    try setting.check(scalar.string)
                } catch let error as GatewayConfigurationError {
                    throw GatewayConfigurationError("--config \(source): \(name): \(error.message)")
                }
            }
        }
        return !mapping.isEmpty
    }

    /// A key as the message shows it: a plain word as it is, anything else (which could be a value typed as a key) unnamed.
    private static func shown(_ key: String?) -> String {
        guard let key, !key.isEmpty, key.count <= 64,
            key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") })
        else { return "(a key that is not a plain name)" }
        return key
    }
}
