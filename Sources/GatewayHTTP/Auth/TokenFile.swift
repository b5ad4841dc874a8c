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
struct TokenFile: Sendable, Equatable {
    /// One token.
    struct Entry: Sendable, Equatable {
        var token: String
        var user: String
        var scope: Principal.Scope
    }

    var entries: [Entry]

    /// Parses the file's text.
    /// - Throws: ``GatewayConfigurationError`` naming the entry and field at fault. The message
    ///   never contains a token.
    static func parse(_ text: String, source: String) throws -> TokenFile {
        let document: Any?
        do {
            document = try Yams.load(yaml: text)
        } catch {
            throw GatewayConfigurationError("\(source) is not valid YAML or JSON")
        }
        let list: [Any]
        if let root = document as? [String: Any] {
            let unknown = Set(root.keys).subtracting(["tokens"])
            guard unknown.isEmpty else {
                throw GatewayConfigurationError("\(source): unknown key \(unknown.sorted().joined(separator: ", ")); expected tokens")
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
        var seen = Set<String>()
        for (index, item) in list.enumerated() {
            let at = "\(source): tokens[\(index)]"
            guard let fields = item as? [String: Any] else {
                throw GatewayConfigurationError("\(at) must be a mapping with token, user and projects")
            }
            let unknown = Set(fields.keys).subtracting(["token", "user", "projects"])
            guard unknown.isEmpty else {
                throw GatewayConfigurationError("\(at): unknown key \(unknown.sorted().joined(separator: ", "))")
            }
            guard let token = fields["token"] as? String, !token.isEmpty,
                token.allSatisfy({ $0.isASCII && !$0.isWhitespace })
            else {
                throw GatewayConfigurationError("\(at).token must be a non-empty string of visible ASCII characters")
            }
            guard seen.insert(token).inserted else {
                throw GatewayConfigurationError("\(at).token repeats an earlier token")
            }
            guard let user = fields["user"] as? String, !user.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw GatewayConfigurationError("\(at).user must be a non-empty string")
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
            entries.append(Entry(token: token, user: user, scope: scope))
        }
        return TokenFile(entries: entries)
    }
}
