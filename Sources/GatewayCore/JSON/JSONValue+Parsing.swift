import Foundation

extension JSONValue {
    /// The deepest nesting of arrays and objects the parser accepts.
    public static let maximumDepth = 256

    /// Parses one JSON document (RFC 8259) from UTF-8 bytes; surrounding whitespace is allowed.
    ///
    /// Numbers without fraction or exponent that fit in `Int64` become ``integer(_:)``.
    /// - Parameters:
    ///   - data: the document's bytes.
    ///   - mode: ``ParsingMode/lenient`` (the default: a repeated key keeps its last value, invalid
    ///     UTF-8 becomes U+FFFD) or ``ParsingMode/strict``.
    /// - Throws: ``JSONParseError`` for anything that is not exactly one JSON value (or, in strict
    ///   mode, for a repeated key or invalid UTF-8).
    public init(parsing data: some Collection<UInt8>, mode: ParsingMode = .lenient) throws(JSONParseError) {
        var parser = JSONParser(bytes: Array(data), strict: mode == .strict)
        self = try parser.parseDocument()
    }

    /// Parses one JSON document from a string.
    /// - Throws: ``JSONParseError``.
    public init(parsing text: String, mode: ParsingMode = .lenient) throws(JSONParseError) {
        try self.init(parsing: Array(text.utf8), mode: mode)
    }
}

/// A recursive-descent JSON parser over bytes.
///
/// Leniently, invalid UTF-8 inside strings is replaced with U+FFFD, as Go's `encoding/json` does;
/// strictly, it is an error (see ``JSONValue/ParsingMode``).
struct JSONParser {
    let bytes: [UInt8]
    /// Whether repeated keys and invalid UTF-8 are errors.
    let strict: Bool
    var index = 0
    var depth = 0

    init(bytes: [UInt8], strict: Bool = false) {
        self.bytes = bytes
        self.strict = strict
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected data after the JSON value") }
        return value
    }

    func fail(_ message: String) -> JSONParseError {
        JSONParseError(message: message, offset: index)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[index] {
        case 0x7B: return try parseObject()  // {
        case 0x5B: return try parseArray()  // [
        case 0x22: return .string(try parseString())  // "
        case 0x74: return try parseLiteral([0x74, 0x72, 0x75, 0x65], .bool(true))  // true
        case 0x66: return try parseLiteral([0x66, 0x61, 0x6C, 0x73, 0x65], .bool(false))  // false
        case 0x6E: return try parseLiteral([0x6E, 0x75, 0x6C, 0x6C], .null)  // null
        case 0x2D, 0x30...0x39: return try parseNumber()
        default: throw fail("unexpected character")
        }
    }

    private mutating func parseLiteral(_ word: [UInt8], _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        guard index + word.count <= bytes.count else { throw fail("invalid literal") }
        for (offset, byte) in word.enumerated() where bytes[index + offset] != byte {
            throw fail("invalid literal")
        }
        index += word.count
        return value
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        guard depth <= JSONValue.maximumDepth else { throw fail("nesting deeper than \(JSONValue.maximumDepth)") }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == 0x7D {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == 0x22 else { throw fail("expected a string key") }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == 0x3A else { throw fail("expected ':'") }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            if members.updateValue(value, forKey: key) != nil, strict {
                throw JSONParseError(message: "duplicate key \(Self.quoted(key))", offset: keyOffset)
            }
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input in an object") }
            if bytes[index] == 0x2C {
                index += 1
                continue
            }
            guard bytes[index] == 0x7D else { throw fail("expected ',' or '}'") }
            index += 1
            depth -= 1
            return .object(members)
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == 0x5D {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input in an array") }
            if bytes[index] == 0x2C {
                index += 1
                continue
            }
            guard bytes[index] == 0x5D else { throw fail("expected ',' or ']'") }
            index += 1
            depth -= 1
            return .array(elements)
        }
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        // Every raw byte ORed together: bit 7 says whether the strict mode has UTF-8 to validate.
        var rawBits: UInt8 = 0
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                let text = try makeString(bytes[start..<index], rawFrom: start, rawBits: rawBits)
                index += 1
                return text
            }
            if byte == 0x5C { break }
            if byte < 0x20 { throw fail("control character in a string") }
            rawBits |= byte
            index += 1
        }
        var buffer = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x22:
                let text = try makeString(buffer[...], rawFrom: start, rawBits: rawBits)
                index += 1
                return text
            case 0x5C:
                index += 1
                let scalar = try parseEscape()
                UTF8.encode(scalar) { buffer.append($0) }
            case 0x00..<0x20:
                throw fail("control character in a string")
            default:
                rawBits |= byte
                buffer.append(byte)
                index += 1
            }
        }
        throw fail("unterminated string")
    }

    /// The string of a literal's decoded bytes; `rawFrom` is where its raw text starts in the input,
    /// `index` is at its closing quote and `rawBits` is its raw bytes ORed together.
    ///
    /// Leniently, invalid UTF-8 becomes U+FFFD. Strictly, a literal of ASCII only needs no check
    /// (escapes always decode to valid UTF-8); any other is validated by Unicode's rules, which
    /// refuse overlong forms, encoded surrogates and code points past U+10FFFF.
    private func makeString(_ decoded: ArraySlice<UInt8>, rawFrom start: Int, rawBits: UInt8) throws(JSONParseError) -> String {
        if strict, rawBits & 0x80 != 0, let offset = UTF8Validation.firstInvalidOffset(in: bytes, from: start, to: index) {
            throw JSONParseError(message: "invalid UTF-8 in a string", offset: offset)
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// `key` in double quotes, with control characters escaped and cut to 64 bytes, for messages.
    static func quoted(_ key: String) -> String {
        let shown = key.utf8.count > 64 ? String(decoding: key.utf8.prefix(64), as: UTF8.self) + "…" : key
        return JSONValue.string(shown).compactString
    }

    private mutating func parseEscape() throws(JSONParseError) -> Unicode.Scalar {
        guard index < bytes.count else { throw fail("unterminated escape") }
        let escapeStart = index - 1
        let byte = bytes[index]
        index += 1
        switch byte {
        case 0x22: return "\""
        case 0x5C: return "\\"
        case 0x2F: return "/"
        case 0x62: return "\u{08}"
        case 0x66: return "\u{0C}"
        case 0x6E: return "\n"
        case 0x72: return "\r"
        case 0x74: return "\t"
        case 0x75:
            let high = try parseHex4()
            if (0xD800..<0xDC00).contains(high) {
                guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else {
                    return try unpairedSurrogate(at: escapeStart)
                }
                index += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else {
                    // Not a pair: the second escape is read again on its own.
                    index -= 6
                    return try unpairedSurrogate(at: escapeStart)
                }
                let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                return Unicode.Scalar(value) ?? "\u{FFFD}"
            }
            guard let scalar = Unicode.Scalar(high) else { return try unpairedSurrogate(at: escapeStart) }
            return scalar
        default:
            throw fail("invalid escape")
        }
    }

    /// U+FFFD for a surrogate escape without its other half, or (strictly) an error at the escape.
    private func unpairedSurrogate(at offset: Int) throws(JSONParseError) -> Unicode.Scalar {
        guard !strict else { throw JSONParseError(message: "unpaired surrogate in a \\u escape", offset: offset) }
        return "\u{FFFD}"
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x61 + 10
            case 0x41...0x46: digit = byte - 0x41 + 10
            default: throw fail("invalid hex digit in \\u escape")
            }
            value = value * 16 + UInt32(digit)
        }
        index += 4
        return value
    }
}
