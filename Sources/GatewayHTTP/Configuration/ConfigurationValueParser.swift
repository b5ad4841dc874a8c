import Foundation

/// Parses configuration values given as text (flags, environment variables).
public enum ConfigurationValueParser {
    /// Parses a date: `@<unix seconds>` (the RFC 9745 form), an ISO 8601 date or date-time
    /// (`2022-05-01`, `2027-06-30T23:59:59Z`), or an HTTP-date (`Wed, 30 Jun 2027 23:59:59 GMT`).
    /// - Throws: ``GatewayConfigurationError`` naming `setting` when the text is none of these.
    public static func date(_ text: String, setting: String) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("@"), let seconds = Int64(trimmed.dropFirst()) {
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        if let date = try? Date(trimmed, strategy: .iso8601) {
            return date
        }
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day()) {
            return date
        }
        if let date = HTTPDate.parse(trimmed) {
            return date
        }
        throw GatewayConfigurationError(
            "\(setting) must be @<unix seconds>, an ISO 8601 date (2022-05-01 or 2027-06-30T23:59:59Z) "
                + "or an HTTP-date (Wed, 30 Jun 2027 23:59:59 GMT), not \(text)"
        )
    }

    /// Parses a byte count: a number, optionally with a `KiB`, `MiB` or `GiB` suffix (also `K`, `M`, `G`).
    /// - Throws: ``GatewayConfigurationError`` naming `setting` when the text is not a positive size.
    public static func byteCount(_ text: String, setting: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(suffix: String, factor: Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30),
        ]
        var number = Substring(trimmed)
        var factor = 1
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            number = trimmed.dropLast(unit.suffix.count)
            factor = unit.factor
            break
        }
        guard let value = Int(number.trimmingCharacters(in: .whitespaces)), value > 0,
            value <= Int.max / factor
        else {
            throw GatewayConfigurationError("\(setting) must be a positive number of bytes (e.g. 1048576 or 1MiB), not \(text)")
        }
        return value * factor
    }
}
