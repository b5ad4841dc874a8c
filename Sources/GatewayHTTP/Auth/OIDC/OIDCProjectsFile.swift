import Foundation
import Yams

/// The OIDC projects file: which projects each value of the projects claim (a group) grants.
///
/// YAML or JSON:
/// ```yaml
/// groups:
///   /ml-research: [team-a, team-b]   # Keycloak's full group path, or the bare name
///   runai-admins: ["*"]              # every project
/// ```
/// A group the file does not name grants nothing.
enum OIDCProjectsFile {
    /// Reads and parses the file at `path`.
    /// - Throws: ``GatewayConfigurationError`` naming the file, the group and the rule.
    static func load(path: String) throws -> [String: Principal.Scope] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw GatewayConfigurationError("cannot read the OIDC projects file \(path) (--oidc-projects-file)")
        }
        return try parse(text, source: path)
    }

    /// Parses the file's text.
    /// - Throws: ``GatewayConfigurationError`` naming `source`, the group and the rule.
    static func parse(_ text: String, source: String) throws -> [String: Principal.Scope] {
        let document: Any?
        do {
            document = try Yams.load(yaml: text)
        } catch {
            throw GatewayConfigurationError("\(source) is not valid YAML or JSON")
        }
        guard let root = document as? [String: Any], Set(root.keys) == ["groups"] else {
            throw GatewayConfigurationError("\(source) must hold one key, groups, mapping each group to its projects")
        }
        guard let groups = root["groups"] as? [String: Any] else {
            throw GatewayConfigurationError("\(source): groups must map each group to a list of projects")
        }
        var mapping: [String: Principal.Scope] = [:]
        for (group, value) in groups {
            let projects: [String]
            if let one = value as? String {
                projects = [one]
            } else if let many = value as? [Any], many.allSatisfy({ $0 is String }) {
                projects = many.compactMap { $0 as? String }
            } else {
                throw GatewayConfigurationError("\(source): groups.\(group) must be a list of project names, or [\"*\"] for all")
            }
            guard !projects.isEmpty, projects.allSatisfy({ !$0.isEmpty }) else {
                throw GatewayConfigurationError("\(source): groups.\(group) must name at least one project, or \"*\" for all")
            }
            mapping[group] = projects.contains("*") ? .allProjects : .projects(Set(projects))
        }
        return mapping
    }
}
