import Foundation
import Yams

/// The bearer tokens file: who each token belongs to and which projects it may touch.
///
/// YAML or JSON:
/// ```yaml
/// tokens:
///   - token: "3f9c…"          # the secret, as sent in `Authorization: Bearer …`
///     user: alice            # recorded in the audit log, shown as the job's user
///     projects: [team-a]     # or ["*"] for every project
/// ```
///
/// Errors name an entry by its index and user (`tokens[2] (user alice)`), and the field at
/// fault by its name. They never contain a value, the text of the file, or an unexpected key
/// that could be a token written as a key: the message is logged at start and on every reload.
struct TokenFile: Sendable, Equatable {
    /// One token.
    struct Entry: Sendable, Equatable {
        var token: String
        var user: String
        var scope: Principal.Scope
    }

    var entries: [Entry]

    /// The keys of an entry.
    static let entryKeys = ["token", "user", "projects"]

    /// Parses the file's text.
    /// - Throws: ``GatewayConfigurationError`` naming the entry and field at fault. The message
    ///   never contains a token, nor any other value or unexpected key of the file.
    static func parse(_ text: String, source: String) throws -> TokenFile {
        let document: Any?
        do {
            document = try Yams.load(yaml: text)
        } catch {
            // Yams' messages quote the offending line, which may hold a token.
            throw GatewayConfigurationError("\(source) is not valid YAML or JSON")
        }
        let list: [Any]
        if let root = document as? [String: Any] {
            let unknown = Set(root.keys).subtracting(["tokens"])
            guard unknown.isEmpty else {
                throw GatewayConfigurationError("\(source): \(describeUnknown(unknown, expected: ["tokens"])); expected only tokens")
            }
            guard let tokens = root["tokens"] as? [Any] else {
                throw GatewayConfigurationError("\(source): tokens must be a list")
            }
            list = tokens
        } else if let tokens = document as? [Any] {
            list = tokens
        } else {
            throw GatewayConfigurationError("\(source) must hold a list of tokens (tokens: [...])")
        }
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        for (index, item) in list.enumerated() {
            let entry = try parseEntry(item, at: "\(source): tokens[\(index)]")
            if let earlier = seen[entry.token] {
                throw GatewayConfigurationError(
                    "\(source): \(label(index: index, user: entry.user)).token repeats the token of tokens[\(earlier)]"
                )
            }
            seen[entry.token] = index
            entries.append(entry)
        }
        return TokenFile(entries: entries)
    }

    private static func parseEntry(_ item: Any, at position: String) throws -> Entry {
        guard let fields = item as? [String: Any] else {
            throw GatewayConfigurationError("\(position) must be a mapping with token, user and projects")
        }
        // The user names the entry only once it is known to be a plain name, and not the token.
        let presentedToken = fields["token"] as? String
        let user = (fields["user"] as? String).flatMap { isPlainName($0) && $0 != presentedToken ? $0 : nil }
        let at = user.map { "\(position) (user \($0))" } ?? position
        let unknown = Set(fields.keys).subtracting(entryKeys)
        guard unknown.isEmpty else {
            throw GatewayConfigurationError("\(at): \(describeUnknown(unknown, expected: entryKeys)); expected token, user and projects")
        }
        guard let token = fields["token"] as? String, !token.isEmpty,
            token.allSatisfy({ $0.isASCII && !$0.isWhitespace })
        else {
            throw GatewayConfigurationError("\(at).token must be a non-empty string of visible ASCII characters")
        }
        guard let user else {
            guard fields["user"] as? String != token else {
                throw GatewayConfigurationError("\(at).user must be a name, not the token")
            }
            throw GatewayConfigurationError("\(at).user must be a non-empty name (one line, at most 256 characters)")
        }
        let projects: [String]
        if let one = fields["projects"] as? String {
            projects = [one]
        } else if let many = fields["projects"] as? [Any], many.allSatisfy({ $0 is String }) {
            projects = many.compactMap { $0 as? String }
        } else {
            throw GatewayConfigurationError("\(at).projects must be a list of project names, or [\"*\"] for all")
        }
        guard !projects.isEmpty else {
            throw GatewayConfigurationError("\(at).projects must name at least one project, or \"*\" for all")
        }
        let scope: Principal.Scope = projects.contains("*") ? .allProjects : .projects(Set(projects))
        return Entry(token: token, user: user, scope: scope)
    }

    /// `tokens[2] (user alice)`.
    private static func label(index: Int, user: String) -> String {
        "tokens[\(index)] (user \(user))"
    }

    /// Whether `text` can name an entry in a message: not blank, one line, at most 256 characters.
    private static func isPlainName(_ text: String) -> Bool {
        !text.trimmingCharacters(in: .whitespaces).isEmpty && text.count <= 256
            && !text.contains(where: { $0.isNewline || ($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) })
    }

    /// Describes unexpected keys, naming only those that cannot be a token: a near miss of an
    /// expected key (`tokn`, `project`) or a plain word (letters, `-` and `_`, at most 24, no
    /// digits: `admin`, `note`). Any other key may be a token written where a key belongs
    /// (`- 3f9c…: alice`) and is only counted.
    static func describeUnknown(_ keys: Set<String>, expected: [String]) -> String {
        var named: [String] = []
        var others = 0
        for key in keys.sorted() {
            if let match = expected.first(where: { isNearMiss(key, of: $0) }) {
                named.append("\(key) (did you mean \(match)?)")
            } else if isPlainWord(key) {
                named.append(key)
            } else {
                others += 1
            }
        }
        var parts: [String] = []
        if !named.isEmpty { parts.append("unknown key \(named.joined(separator: ", "))") }
        if others > 0 {
            parts.append(others == 1 ? "an unknown key (not shown: it may be a token)" : "\(others) unknown keys (not shown: they may be tokens)")
        }
        return parts.joined(separator: " and ")
    }

    /// Letters, `-` and `_` only, 1 to 24 of them: a word, not a secret.
    private static func isPlainWord(_ key: String) -> Bool {
        (1...24).contains(key.count) && key.allSatisfy { ($0.isASCII && $0.isLetter) || $0 == "-" || $0 == "_" }
    }

    /// Whether `key` is `expected` misspelt: at most two edits apart, ignoring case.
    private static func isNearMiss(_ key: String, of expected: String) -> Bool {
        let left = Array(key.lowercased().utf8)
        let right = Array(expected.utf8)
        guard left.count <= right.count + 2, right.count <= left.count + 2 else { return false }
        var previous = Array(0...right.count)
        for (i, a) in left.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: right.count)
            for (j, b) in right.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a == b ? 0 : 1))
            }
            previous = current
        }
        return previous[right.count] <= 2
    }
}
