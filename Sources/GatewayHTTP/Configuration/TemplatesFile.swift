import Foundation
import GatewayCore
import Yams

/// The templates file: the administrator's job templates a template submit names as
/// `template.settingsName`, in YAML or JSON.
///
/// ```yaml
/// templates:
///   - name: small-gpu            # what template.settingsName names
///     projects: [team-a, team-b] # optional; omitted or ["*"] means every project
///     values:                    # defaults, in the template shape (api.JobTemplateValues)
///       image: gcr.io/run-ai-demo/quickstart-inference-marian
///       gpu: 0.5
///       ports: {http: {container: 8888}}
///       environment: {BATCH_SIZE: "50"}
/// ```
/// A top-level list of templates is accepted too. Values may not set `name` or `project`.
public enum TemplatesFile {
    /// Reads and parses the file at `path`.
    /// - Throws: ``GatewayConfigurationError`` naming the entry (by index) and field at fault.
    public static func load(path: String) throws -> [JobTemplateDefinition] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw GatewayConfigurationError("cannot read the templates file \(path)")
        }
        return try parse(text, source: path)
    }

    /// Parses the text of a templates file.
    /// - Throws: ``GatewayConfigurationError`` naming the entry (by index) and field at fault; the
    ///   message says what kind of value is wrong, never the value (a template may hold a Git password).
    public static func parse(_ text: String, source: String) throws -> [JobTemplateDefinition] {
        let document = try Self.document(text, source: source)
        let list: [JSONValue]
        switch document {
        case .object(let root):
            let unknown = Set(root.keys).subtracting(["templates"])
            guard unknown.isEmpty else {
                throw GatewayConfigurationError("\(source): unknown key \(unknown.sorted().joined(separator: ", ")); expected templates")
            }
            guard case .array(let templates)? = root["templates"] else {
                throw GatewayConfigurationError("\(source): templates must be a list")
            }
            list = templates
        case .array(let templates):
            list = templates
        default:
            throw GatewayConfigurationError("\(source) must hold a list of templates (templates: [...])")
        }
        var definitions: [JobTemplateDefinition] = []
        var names = Set<String>()
        for (index, item) in list.enumerated() {
            let definition = try parseTemplate(item, at: "templates[\(index)]", source: source)
            guard names.insert(definition.name).inserted else {
                throw GatewayConfigurationError("\(source): templates[\(index)].name repeats template \(definition.name)")
            }
            definitions.append(definition)
        }
        return definitions
    }

    private static func parseTemplate(_ item: JSONValue, at path: String, source: String) throws -> JobTemplateDefinition {
        let at = "\(source): \(path)"
        guard case .object(let fields) = item else {
            throw GatewayConfigurationError("\(at) must be a mapping with at least a name")
        }
        let unknown = Set(fields.keys).subtracting(["name", "projects", "values"])
        guard unknown.isEmpty else {
            throw GatewayConfigurationError("\(at): unknown key \(unknown.sorted().joined(separator: ", ")); expected name, projects, values")
        }
        guard case .string(let name)? = fields["name"], !name.isEmpty, name.allSatisfy({ !$0.isWhitespace && !$0.isNewline }) else {
            throw GatewayConfigurationError("\(at).name must be a non-empty string without spaces")
        }
        var projects: Set<String>?
        switch fields["projects"] {
        case nil, .null?:
            projects = nil
        case .string(let one)?:
            projects = one == "*" ? nil : [one]
        case .array(let many)? where !many.isEmpty && many.allSatisfy({ $0.stringValue.map { !$0.isEmpty } ?? false }):
            let names = many.compactMap(\.stringValue)
            projects = names.contains("*") ? nil : Set(names)
        default:
            throw GatewayConfigurationError("\(at).projects must be a non-empty list of project names, or [\"*\"] for every project")
        }
        var values: [String: JSONValue] = [:]
        switch fields["values"] {
        case nil, .null?: break
        case .object(let members)?: values = members.filter { !$0.value.isNull }
        default: throw GatewayConfigurationError("\(at).values must be a mapping of job fields to default values")
        }
        let definition = JobTemplateDefinition(name: name, projects: projects, values: values)
        do {
            try definition.validate(path: path)
        } catch {
            throw GatewayConfigurationError("\(source): \(error.message)")
        }
        return definition
    }

    /// The document as JSON values: read as JSON when it is JSON, else as YAML.
    private static func document(_ text: String, source: String) throws -> JSONValue {
        if let json = try? JSONValue(parsing: text) { return json }
        let yaml: Any?
        do {
            yaml = try Yams.load(yaml: text)
        } catch {
            throw GatewayConfigurationError("\(source) is not valid YAML or JSON")
        }
        guard let yaml else { throw GatewayConfigurationError("\(source) is empty; expected templates: [...]") }
        return try json(from: yaml, at: "", source: source)
    }

    /// A YAML value as JSON; keys that are numbers (`ports: {8080: …}`) become their text.
    private static func json(from value: Any, at path: String, source: String) throws -> JSONValue {
        switch value {
        case is NSNull: return .null
        case let flag as Bool: return .bool(flag)
        case let number as Int: return .integer(Int64(number))
        case let number as Double: return number.isFinite ? .double(number) : try unsupported(path, source)
        case let text as String: return .string(text)
        case let list as [Any]:
            var items: [JSONValue] = []
            for (index, item) in list.enumerated() { items.append(try json(from: item, at: "\(path)[\(index)]", source: source)) }
            return .array(items)
        case let mapping as [AnyHashable: Any]:
            var members: [String: JSONValue] = [:]
            for (key, item) in mapping {
                let name = "\(key.base)"
                members[name] = try json(from: item, at: path.isEmpty ? name : "\(path).\(name)", source: source)
            }
            return .object(members)
        default:
            return try unsupported(path, source)
        }
    }

    private static func unsupported(_ path: String, _ source: String) throws -> JSONValue {
        throw GatewayConfigurationError("\(source): \(path) is not a string, number, boolean, list or mapping; quote it")
    }
}
