import Foundation

extension GatewaySetting {
    /// Parses a duration by the setting's rule (``Rule/seconds(_:)`` or ``Rule/wholeSeconds(_:)``).
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the rule.
    public func duration(_ text: String) throws -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch rule {
        case .wholeSeconds(let range):
            let digits = trimmed.hasSuffix("s") ? String(trimmed.dropLast()) : trimmed
            guard let seconds = Int(digits), range.contains(seconds) else {
                throw GatewayConfigurationError(
                    "\(flag) (\(environment)) must be a whole number of seconds from \(range.lowerBound) to \(range.upperBound) "
                        + "(e.g. 60 or 60s), not \(text)"
                )
            }
            return .seconds(seconds)
        case .seconds(let range):
            guard let seconds = Double(trimmed), range.contains(seconds) else {
                throw GatewayConfigurationError(
                    "\(flag) must be a number of seconds from \(Self.shown(range.lowerBound)) to \(Self.shown(range.upperBound)), not \(text)"
                )
            }
            return .milliseconds(Int64((seconds * 1000).rounded()))
        default:
            preconditionFailure("\(flag) is not declared as seconds")
        }
    }

    /// Parses a whole number in the setting's ``Rule/wholeNumber(_:)`` range.
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the rule.
    public func wholeNumber(_ text: String) throws -> Int {
        guard case .wholeNumber(let range) = rule else { preconditionFailure("\(flag) is not declared as a whole number") }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            let bounds = range.upperBound == Int.max ? "of at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            throw GatewayConfigurationError("\(flag) must be a whole number \(bounds), not \(text)")
        }
        return value
    }

    /// Parses a number in the setting's ``Rule/number(_:)`` range.
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the rule.
    public func number(_ text: String) throws -> Double {
        guard case .number(let range) = rule else { preconditionFailure("\(flag) is not declared as a number") }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw GatewayConfigurationError(
                "\(flag) must be a number from \(Self.shown(range.lowerBound)) to \(Self.shown(range.upperBound)), not \(text)"
            )
        }
        return value
    }

    /// Parses one of the setting's ``Rule/choice(_:)`` names.
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the names.
    public func choice(_ text: String) throws -> String {
        guard case .choice(let names) = rule else { preconditionFailure("\(flag) is not declared as a choice") }
        guard names.contains(text) else {
            let listed = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "") : names.joined()
            throw GatewayConfigurationError("\(flag) must be \(listed), not \(text)")
        }
        return text
    }

    /// Parses a byte count (``Rule/byteCount``).
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the rule.
    public func byteCount(_ text: String) throws -> Int {
        try ConfigurationValueParser.byteCount(text, setting: flag)
    }

    /// Parses a date (``Rule/date``).
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the forms.
    public func date(_ text: String) throws -> Date {
        try ConfigurationValueParser.date(text, setting: flag)
    }

    /// Checks `text` against the rule, whatever its type.
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the rule.
    public func check(_ text: String) throws {
        switch rule {
        case .text: break
        case .choice: _ = try choice(text)
        case .seconds, .wholeSeconds: _ = try duration(text)
        case .wholeNumber: _ = try wholeNumber(text)
        case .number: _ = try number(text)
        case .byteCount: _ = try byteCount(text)
        case .date: _ = try date(text)
        }
    }

    /// `3600` for a whole bound, `0.1` for a fraction.
    private static func shown(_ bound: Double) -> String {
        bound == bound.rounded() && abs(bound) < 1e15 ? String(Int(bound)) : String(bound)
    }
}
