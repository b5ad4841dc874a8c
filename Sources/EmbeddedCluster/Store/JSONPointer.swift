import Foundation
import GatewayCore

/// An RFC 6901 JSON pointer (`/spec/ports/0`, `~1` for `/`, `~0` for `~`). Pure.
struct JSONPointer: Sendable, Equatable, CustomStringConvertible {
    /// The unescaped reference tokens; empty for the whole document.
    var tokens: [String]
    /// The pointer as written.
    var description: String

    /// Parses a pointer.
    /// - Throws: a message when it does not start with `/` (and is not empty).
    init(_ text: String) throws(JSONPatchError) {
        description = text
        guard !text.isEmpty else {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { throw JSONPatchError("JSON pointer \"\(text)\" must be empty or start with '/'") }
        tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// Whether `self` is a proper prefix of `other` (a parent of it).
    func isProperPrefix(of other: JSONPointer) -> Bool {
        tokens.count < other.tokens.count && Array(other.tokens.prefix(tokens.count)) == tokens
    }

    /// The value the pointer designates, or `nil`.
    func resolve(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Self.index(token), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// An array index token: decimal, no leading zeros.
    static func index(_ token: String) -> Int? {
        guard !token.isEmpty, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber) else { return nil }
        guard token == "0" || !token.hasPrefix("0") else { return nil }
        return Int(token)
    }
}
