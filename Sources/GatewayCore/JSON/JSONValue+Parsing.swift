import Foundation

/// Why a text is not JSON: a message with the byte offset where parsing stopped.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, in words.
    public var message: String
    /// The byte offset in the input.
    public var offset: Int

    /// Creates an error.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// `<message> at offset <offset>`.
    public var description: String { "\(message) at offset \(offset)" }
}

extension JSONValue {
    /// How forgiving the parser is with documents that are JSON in grammar but ambiguous in meaning.
    public enum ParsingMode: Sendable, Equatable {
        /// As Go's `encoding/json` (and so kube-apiserver) reads: a key repeated in one object keeps
        /// its last value; invalid UTF-8 in strings and unpaired surrogate escapes become U+FFFD.
        case lenient
        /// As RFC 8259 §8.1 and I-JSON (RFC 7493) require: a repeated key, invalid UTF-8 (including
        /// overlong encodings and UTF-8-encoded surrogates) and unpaired surrogate escapes
        /// (`\uD800`) are errors, each with the byte offset where it starts.
        case strict
    }

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

    private func fail(_ message: String) -> JSONParseError {
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
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                let text = try makeString(bytes[start..<index], rawFrom: start)
                index += 1
                return text
            }
            if byte == 0x5C { break }
            if byte < 0x20 { throw fail("control character in a string") }
            index += 1
        }
        var buffer = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x22:
                let text = try makeString(buffer[...], rawFrom: start)
                index += 1
                return text
            case 0x5C:
                index += 1
                let scalar = try parseEscape()
                UTF8.encode(scalar) { buffer.append($0) }
            case 0x00..<0x20:
                throw fail("control character in a string")
            default:
                buffer.append(byte)
                index += 1
            }
        }
        throw fail("unterminated string")
    }

    /// The string of a literal's decoded bytes; `rawFrom` is where its raw text starts in the input
    /// and `index` is at its closing quote.
    ///
    /// Leniently, invalid UTF-8 becomes U+FFFD. Strictly, the standard library's validation (which
    /// refuses overlong forms, encoded surrogates and code points past U+10FFFF) decides, and only
    /// a failure walks the raw text again to find the offending byte.
    private func makeString(_ decoded: ArraySlice<UInt8>, rawFrom start: Int) throws(JSONParseError) -> String {
        guard strict else { return String(decoding: decoded, as: UTF8.self) }
        if let text = String(validating: decoded, as: UTF8.self) { return text }
        let offset = UTF8Validation.firstInvalidOffset(in: bytes, from: start, to: index) ?? start
        throw JSONParseError(message: "invalid UTF-8 in a string", offset: offset)
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

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var isInteger = true
        let negative = bytes[index] == 0x2D
        if negative { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number") }
        var magnitude: UInt64 = 0
        var overflow = false
        if bytes[index] == 0x30 {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[index] - 0x30))
                overflow = overflow || o1 || o2
                magnitude = sum
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == 0x2E {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if isInteger, !overflow {
            if negative, magnitude <= UInt64(Int64.max) + 1 {
                return .integer(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
            }
            if !negative, magnitude <= UInt64(Int64.max) { return .integer(Int64(magnitude)) }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text) else { throw JSONParseError(message: "invalid number", offset: start) }
        return .double(value)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }
}
