import Foundation

/// Reads the members of one JSON object by name, with the shapes the legacy API tolerates, and
/// remembers which members were read so that unknown ones can be reported rather than dropped.
struct JSONObjectReader {
    /// The object's path in the request, e.g. `job` or `job.ports[0]`.
    let path: String
    private let members: [String: JSONValue]
    private var read: Set<String> = []

    init(_ value: JSONValue, path: String) throws(LegacyAPIError) {
        guard case .object(let members) = value else {
            throw .wrongType(field: path, expected: "an object", found: value)
        }
        self.path = path
        self.members = members
    }

    /// The path of a member.
    func field(_ key: String) -> String { Self.member(path, key) }

    /// Whether the object has the member with a non-null value.
    func has(_ key: String) -> Bool {
        if let value = members[key], value != .null { return true }
        return false
    }

    /// The member's value; `nil` when absent or `null`.
    mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    mutating func string(_ key: String) throws(LegacyAPIError) -> String? {
        guard let value = value(key) else { return nil }
        return try Self.string(value, field: field(key))
    }

    mutating func bool(_ key: String) throws(LegacyAPIError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else {
            throw .wrongType(field: field(key), expected: "a boolean", found: value)
        }
        return flag
    }

    mutating func integer(_ key: String) throws(LegacyAPIError) -> Int? {
        guard let value = value(key) else { return nil }
        return try Self.integer(value, field: field(key))
    }

    /// A number, also accepted as a string holding one (`"0.5"`).
    mutating func number(_ key: String) throws(LegacyAPIError) -> Double? {
        guard let value = value(key) else { return nil }
        switch value {
        case .integer(let number): return Double(number)
        case .double(let number): return number
        case .string(let text):
            if let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite { return number }
            throw .wrongType(field: field(key), expected: "a number", found: value)
        default:
            throw .wrongType(field: field(key), expected: "a number", found: value)
        }
    }

    /// Throws for the first member (in name order) that was never read.
    func rejectUnknownMembers(accepted: String) throws(LegacyAPIError) {
        guard let unknown = members.keys.filter({ !read.contains($0) }).sorted().first else { return }
        let field = field(unknown)
        throw .invalid(
            field: field,
            rule: "unknown field",
            details: "\(field) is not a field of the legacy API, so it cannot be translated. Accepted fields: \(accepted)."
        )
    }

    // MARK: - Values out of objects

    /// Bytes a member name may hold and still be written `path.key`.
    private static let plainKey = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".utf8)

    /// The path of `key` under `path`: `path.key`, or `path["key"]` when the key is not a plain name.
    ///
    /// The key is written as a JSON string literal, so quotes and control characters are escaped
    /// (`job.environment["A\u0000B"]`): a field name never carries a raw NUL.
    static func member(_ path: String, _ key: String) -> String {
        if !key.isEmpty, key.utf8.allSatisfy({ plainKey.contains($0) }) { return "\(path).\(key)" }
        return "\(path)[\(JSONValue.string(key).compactString)]"
    }

    static func string(_ value: JSONValue, field: String) throws(LegacyAPIError) -> String {
        guard case .string(let text) = value else {
            throw .wrongType(field: field, expected: "a string", found: value)
        }
        return text
    }

    /// A whole number of 32 bits.
    /// - Throws: `400` for a fraction or a value that is not a number; `422` naming the field for a whole
    ///   number outside the 32-bit range (a 30-digit `runAsUid` is a number, just not one any field takes).
    static func integer(_ value: JSONValue, field: String) throws(LegacyAPIError) -> Int {
        switch value {
        case .integer(let number):
            guard number >= Int64(Int32.min), number <= Int64(Int32.max) else { throw outOfRange(field, shown: String(number)) }
            return Int(number)
        case .double(let number):
            // Infinity (a number past the range of a double) counts as whole: it is out of range, not a fraction.
            guard number.rounded() == number else { throw .wrongType(field: field, expected: "a whole number", found: value) }
            guard number >= Double(Int32.min), number <= Double(Int32.max) else {
                throw outOfRange(field, shown: number.isFinite ? NumberText.string(number) : "a number past any range")
            }
            return Int(number)
        default:
            throw .wrongType(field: field, expected: "a whole number", found: value)
        }
    }

    private static func outOfRange(_ field: String, shown: String) -> LegacyAPIError {
        .invalid(
            field: field,
            rule: "must be a whole number from \(Int32.min) to \(Int32.max)",
            details: "\(field) is \(shown), which is out of range: no field of the legacy API takes a whole number past 32 bits."
        )
    }

    /// A scalar as the string it stands for: strings as they are, numbers and booleans as their JSON text.
    static func scalarText(_ value: JSONValue, field: String) throws(LegacyAPIError) -> String {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .double(let number) where !number.isFinite:
            throw .invalid(field: field, rule: "must be a finite number", details: "\(field) is a number too large to represent.")
        case .double(let number): return NumberText.string(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: throw .wrongType(field: field, expected: "a string or a number", found: value)
        }
    }
}
