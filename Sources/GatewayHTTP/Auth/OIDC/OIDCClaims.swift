import JWTKit

/// One claim's value, as JSON has it.
enum ClaimValue: Sendable, Equatable, Codable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([ClaimValue])
    case object([String: ClaimValue])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ClaimValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ClaimValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    /// The value as text, when it is a string.
    var string: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The value as a number, when it is one.
    var number: Double? {
        if case .number(let value) = self { value } else { nil }
    }

    /// The strings of a list (other items skipped), or a single string as a list of one.
    var strings: [String]? {
        switch self {
        case .string(let value): [value]
        case .array(let items): items.compactMap(\.string)
        default: nil
        }
    }
}

/// Every claim of a token's payload, whatever its name: the claims the gateway reads are
/// configurable. Decoded by jwt-kit only after the signature checked out; the claims are then
/// checked by ``OIDCClaimRules``, so ``verify(using:)`` has nothing left to do.
struct OIDCClaims: JWTPayload, Equatable {
    var values: [String: ClaimValue]

    init(_ values: [String: ClaimValue]) {
        self.values = values
    }

    init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: ClaimValue].self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// The value of `name`; a dotted name that is not a claim itself follows nested objects
    /// (`resource_access.runai.roles`).
    subscript(name: String) -> ClaimValue? {
        if let value = values[name] { return value }
        let path = name.split(separator: ".", omittingEmptySubsequences: false)
        guard path.count > 1, var current = values[String(path[0])] else { return nil }
        for step in path.dropFirst() {
            guard case .object(let members) = current, let next = members[String(step)] else { return nil }
            current = next
        }
        return current
    }
}
