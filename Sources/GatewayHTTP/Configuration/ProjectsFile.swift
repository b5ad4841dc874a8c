import Foundation
import GatewayCore
import Yams

/// The projects file: the legacy projects the gateway serves, in YAML or JSON.
///
/// ```yaml
/// projects:
///   - name: team-a
///     namespace: runai-team-a       # optional; the namespace pattern's otherwise
///     deservedGpus: 2
///     nodeAffinity: [dgx, a100]     # node types the project's workloads may use
///     department: research          # optional
/// ```
/// A top-level list of projects is accepted too.
public enum ProjectsFile {
    /// Reads and parses the file at `path`.
    /// - Parameters:
    ///   - defaultNamespace: the namespace of a project that names none.
    ///   - now: the creation time recorded for the projects.
    /// - Throws: ``GatewayConfigurationError`` naming the project and field at fault.
    public static func load(
        path: String,
        defaultNamespace: (String) -> String,
        now: Date = Date()
    ) throws -> [Project] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw GatewayConfigurationError("cannot read the projects file \(path)")
        }
        return try parse(text, source: path, defaultNamespace: defaultNamespace, now: now)
    }

    /// Parses the text of a projects file.
    /// - Throws: ``GatewayConfigurationError`` naming the project and field at fault.
    public static func parse(
        _ text: String,
        source: String,
        defaultNamespace: (String) -> String,
        now: Date = Date()
    ) throws -> [Project] {
        let document: Any?
        do {
            document = try Yams.load(yaml: text)
        } catch {
            throw GatewayConfigurationError("\(source) is not valid YAML or JSON")
        }
        let list: [Any]
        if let root = document as? [String: Any], root.keys.sorted() == ["projects"], let projects = root["projects"] as? [Any] {
            list = projects
        } else if let projects = document as? [Any] {
            list = projects
        } else {
            throw GatewayConfigurationError("\(source) must hold a list of projects (projects: [...])")
        }
        var projects: [Project] = []
        var names = Set<String>()
        var namespaces = Set<String>()
        for (index, item) in list.enumerated() {
            let project = try parseProject(item, at: "\(source): projects[\(index)]", defaultNamespace: defaultNamespace, now: now)
            guard names.insert(project.name).inserted else {
                throw GatewayConfigurationError("\(source): projects[\(index)].name repeats project \(project.name)")
            }
            guard namespaces.insert(project.namespace).inserted else {
                throw GatewayConfigurationError("\(source): projects[\(index)].namespace \(project.namespace) is used by another project")
            }
            projects.append(project)
        }
        guard !projects.isEmpty else {
            throw GatewayConfigurationError("\(source) lists no projects; remove the setting to create projects on first submit")
        }
        return projects
    }

    private static let knownKeys: Set<String> = [
        "name", "namespace", "deservedGpus", "deservedGPUs", "nodeAffinity", "trainNodeAffinity",
        "interactiveNodeAffinity", "department", "departmentName",
    ]

    private static func parseProject(_ item: Any, at: String, defaultNamespace: (String) -> String, now: Date) throws -> Project {
        guard let fields = item as? [String: Any] else {
            throw GatewayConfigurationError("\(at) must be a mapping with at least a name")
        }
        let unknown = Set(fields.keys).subtracting(knownKeys)
        guard unknown.isEmpty else {
            throw GatewayConfigurationError(
                "\(at): unknown key \(unknown.sorted().joined(separator: ", ")); expected name, namespace, deservedGpus, nodeAffinity, department"
            )
        }
        guard let name = fields["name"] as? String, isDNSLabel(name) else {
            throw GatewayConfigurationError("\(at).name must be a DNS-1123 label (lower-case letters, digits and '-', at most 63)")
        }
        let namespace =
            try fields["namespace"].map { value in
                guard let namespace = value as? String, isDNSLabel(namespace) else {
                    throw GatewayConfigurationError("\(at).namespace must be a DNS-1123 label")
                }
                return namespace
            } ?? defaultNamespace(name)
        var deserved = 0.0
        if let value = fields["deservedGpus"] ?? fields["deservedGPUs"] {
            guard let number = (value as? Double) ?? (value as? Int).map(Double.init), number >= 0, number.isFinite else {
                throw GatewayConfigurationError("\(at).deservedGpus must be a number of GPUs, zero or more")
            }
            deserved = number
        }
        var affinity: [String] = []
        if let value = fields["nodeAffinity"] ?? fields["trainNodeAffinity"] ?? fields["interactiveNodeAffinity"] {
            guard let list = value as? [Any], list.allSatisfy({ $0 is String }) else {
                throw GatewayConfigurationError("\(at).nodeAffinity must be a list of node types")
            }
            affinity = list.compactMap { $0 as? String }
        }
        let department = fields["department"] ?? fields["departmentName"]
        if let department, !(department is String) {
            throw GatewayConfigurationError("\(at).department must be a string")
        }
        return Project(
            name: name,
            namespace: namespace,
            deservedGPUs: deserved,
            nodeAffinity: affinity,
            department: department as? String,
            origin: .configured,
            createdAt: now
        )
    }

    /// Whether `text` is a DNS-1123 label: 1 to 63 lower-case letters, digits and `-`, starting and
    /// ending with a letter or digit.
    static func isDNSLabel(_ text: String) -> Bool {
        guard (1...63).contains(text.count), let first = text.first, let last = text.last else { return false }
        let allowed = text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        return allowed && first != "-" && last != "-"
    }
}
