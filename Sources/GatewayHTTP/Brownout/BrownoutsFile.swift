import Foundation
import GatewayCore
import Yams

/// The brownouts file (`--brownouts-file`): windows during which legacy calls answer `410 Gone`,
/// in YAML or JSON.
///
/// ```yaml
/// exemptClients: [ci-robot]        # never browned out (token user, RA-USER or User-Agent)
/// exemptPolls: true                # GET calls are served in every window unless it says otherwise
/// windows:
///   - name: first-submit-brownout
///     start: 2027-01-12T09:00:00Z  # @<unix seconds>, ISO 8601 or HTTP-date
///     end: 2027-01-12T10:00:00Z
///     clients: [alice, batch-runner]   # optional; omitted: every client
///     endpoints: [submit, delete]      # optional; omitted: every legacy endpoint
///     reason: the legacy API stops on 2027-06-30
///     exemptPolls: false               # optional; overrides the top-level exemptPolls
/// ```
public enum BrownoutsFile {
    /// The endpoint names a window may list.
    static let endpointNames = LegacyEndpoint.allCases.map(\.rawValue)

    /// Reads, parses and validates the file at `path` against the time `now`.
    /// - Throws: ``GatewayConfigurationError`` naming the file, the key and the rule.
    public static func load(path: String, now: Date = Date()) throws -> BrownoutPlan {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw GatewayConfigurationError("cannot read the brownouts file \(path)")
        }
        return try parse(text, source: path, now: now)
    }

    /// Parses and validates the text of a brownouts file.
    /// - Throws: ``GatewayConfigurationError`` naming `source`, the key and the rule.
    public static func parse(_ text: String, source: String, now: Date = Date()) throws -> BrownoutPlan {
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: text)
        } catch {
            throw GatewayConfigurationError("\(source) is not valid YAML or JSON")
        }
        guard let root = loaded as? [String: Any] else {
            throw GatewayConfigurationError("\(source) must be a mapping with windows: [...]")
        }
        try checkKeys(root, allowed: ["windows", "exemptClients", "exemptPolls"], at: "", source: source)
        var plan = BrownoutPlan()
        plan.exemptClients = try names(root["exemptClients"], key: "exemptClients", source: source) ?? []
        plan.exemptPolls = try flag(root["exemptPolls"], key: "exemptPolls", source: source) ?? false
        guard let list = root["windows"] as? [Any] else {
            throw GatewayConfigurationError("\(source): windows must be a list of windows (name, start, end)")
        }
        for (index, item) in list.enumerated() {
            plan.windows.append(try window(item, key: "windows[\(index)]", source: source))
        }
        do {
            try plan.validate(now: now, knownEndpoints: endpointNames)
        } catch {
            throw GatewayConfigurationError("\(source): \(error)")
        }
        return plan
    }

    private static func window(_ item: Any, key: String, source: String) throws -> BrownoutWindow {
        guard let fields = item as? [String: Any] else {
            throw GatewayConfigurationError("\(source): \(key) must be a mapping with name, start and end")
        }
        try checkKeys(fields, allowed: ["name", "start", "end", "clients", "endpoints", "reason", "exemptPolls"], at: key, source: source)
        guard let name = fields["name"] as? String, !name.isEmpty else {
            throw GatewayConfigurationError("\(source): \(key).name must be a non-empty string")
        }
        let reason: String?
        switch fields["reason"] {
        case nil, is NSNull: reason = nil
        case let text as String: reason = text
        default: throw GatewayConfigurationError("\(source): \(key).reason must be a string")
        }
        return BrownoutWindow(
            name: name,
            start: try date(fields["start"], key: "\(key).start", source: source),
            end: try date(fields["end"], key: "\(key).end", source: source),
            clients: try names(fields["clients"], key: "\(key).clients", source: source),
            endpoints: try names(fields["endpoints"], key: "\(key).endpoints", source: source),
            reason: reason,
            exemptPolls: try flag(fields["exemptPolls"], key: "\(key).exemptPolls", source: source)
        )
    }

    private static func checkKeys(_ fields: [String: Any], allowed: [String], at key: String, source: String) throws {
        let unknown = Set(fields.keys).subtracting(allowed)
        guard unknown.isEmpty else {
            let place = key.isEmpty ? "" : "\(key): "
            throw GatewayConfigurationError(
                "\(source): \(place)unknown key \(unknown.sorted().joined(separator: ", ")); expected \(allowed.joined(separator: ", "))"
            )
        }
    }

    /// A date: YAML's own timestamp, or text in the forms of the date settings.
    private static func date(_ value: Any?, key: String, source: String) throws -> Date {
        switch value {
        case let date as Date: return date
        case let text as String: return try ConfigurationValueParser.date(text, setting: "\(source): \(key)")
        case let seconds as Int: return Date(timeIntervalSince1970: TimeInterval(seconds))
        case nil: throw GatewayConfigurationError("\(source): \(key) is missing; a window needs a start and an end")
        default: throw GatewayConfigurationError("\(source): \(key) must be a date (2027-01-12T09:00:00Z)")
        }
    }

    private static func names(_ value: Any?, key: String, source: String) throws -> Set<String>? {
        switch value {
        case nil, is NSNull: return nil
        case let one as String where !one.isEmpty: return [one]
        case let many as [Any] where !many.isEmpty && many.allSatisfy({ ($0 as? String)?.isEmpty == false }):
            return Set(many.compactMap { $0 as? String })
        default: throw GatewayConfigurationError("\(source): \(key) must be a non-empty list of names")
        }
    }

    private static func flag(_ value: Any?, key: String, source: String) throws -> Bool? {
        switch value {
        case nil, is NSNull: return nil
        case let flag as Bool: return flag
        default: throw GatewayConfigurationError("\(source): \(key) must be true or false")
        }
    }
}
