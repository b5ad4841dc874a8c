import Foundation

/// What `inference-gateway config --print` shows: each setting's value in force and where it came
/// from, with secrets masked. The output is YAML that `--config` accepts (the masked values aside)
/// and that sets what was given, the defaults commented out.
public struct EffectiveSettings: Sendable, Equatable {
    /// One setting in force.
    public struct Row: Sendable, Equatable {
        /// The setting's key.
        public var key: String
        /// The value as shown: masked when secret, credentials removed from URLs; `nil` when not set.
        public var value: String?
        /// Where it came from.
        public var origin: GatewaySettingValues.Origin
    }

    /// What a secret setting's value is shown as.
    public static let mask = "<secret>"

    /// Every setting, in ``GatewaySetting/all``'s order.
    public var rows: [Row]

    /// The settings in force in `values`.
    public init(_ values: GatewaySettingValues) {
        rows = GatewaySetting.all.map { setting in
            let value = values.text(setting).map { setting.isSecret ? Self.mask : Self.withoutCredentials($0) }
            return Row(key: setting.key, value: value, origin: values.origin(setting))
        }
    }

    /// The YAML: `key: value  # origin`. A default is commented out (`# port: 8080  # default`),
    /// so that the output given back as `--config` sets exactly what was given; a setting without
    /// a value reads `# key:  # default, not set`.
    public var yaml: String {
        let entries = rows.map { row in
            let entry = "\(row.key):" + (row.value.map { " " + Self.quoted($0) } ?? "")
            let note = row.origin.rawValue + (row.value == nil ? ", not set" : "")
            return (row.origin == .default ? "# " + entry : entry, note)
        }
        let width = entries.map(\.0.count).max() ?? 0
        return entries.map { entry, note in
            entry.padding(toLength: width, withPad: " ", startingAt: 0) + "  # " + note
        }.joined(separator: "\n") + "\n"
    }

    /// `text` as a YAML scalar: plain when that reads back the same, double-quoted otherwise.
    static func quoted(_ text: String) -> String {
        let plain = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/:-+")
        let reserved = ["true", "false", "yes", "no", "on", "off", "null", "~"]
        if !text.isEmpty, text.unicodeScalars.allSatisfy(plain.contains), text.first?.isLetter == true || text.first?.isNumber == true,
            !reserved.contains(text.lowercased()), !text.hasSuffix(":")
        {
            return text
        }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default:
                escaped += scalar.value < 0x20 ? String(format: "\\x%02X", scalar.value) : String(scalar)
            }
        }
        return "\"\(escaped)\""
    }

    /// A URL's password (and user) replaced by the mask, so that no credential is shown; other text as it is.
    static func withoutCredentials(_ text: String) -> String {
        guard text.contains("@"), var components = URLComponents(string: text), components.scheme != nil,
            components.user != nil || components.password != nil
        else { return text }
        components.user = nil
        components.password = nil
        guard let shown = components.string, let schemeEnd = shown.range(of: "://") else { return mask }
        return shown.replacingCharacters(in: schemeEnd, with: "://\(mask)@")
    }
}
