import ArgumentParser
import GatewayHTTP

extension NameSpecification {
    /// The flag of a setting: `--<key>`.
    static func setting(_ setting: GatewaySetting) -> NameSpecification { .customLong(setting.key) }
}

extension ArgumentHelp {
    /// The help of a setting: its summary, its environment variable and its default.
    static func setting(_ setting: GatewaySetting) -> ArgumentHelp { ArgumentHelp(setting.help) }
}

/// Flags that stand for ``GatewaySetting``s.
protocol SettingFlags {
    /// The settings given on the command line, as given.
    var flags: [GatewaySetting: String] { get }
}

extension SettingFlags {
    /// `given` without the settings not given.
    func given(_ given: [GatewaySetting: String?]) -> [GatewaySetting: String] { given.compactMapValues { $0 } }
}
