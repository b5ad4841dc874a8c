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
}
