import Foundation
import GatewayCore
import Yams

/// A parsed PATCH body, ready to apply.
enum PatchDocument: Sendable, Equatable {
    /// An RFC 7386 merge patch.
    case merge(JSONValue)
    /// An RFC 6902 JSON patch.
    case json(JSONPatch)
    /// A strategic merge patch.
    case strategic(JSONValue)
    /// A server-side apply configuration.
    case apply(JSONValue, fieldManager: String, force: Bool)

    /// Parses `body` for `type`.
    /// - Throws: 400 BadRequest when the body is not JSON (or YAML, for apply), or not the right shape.
    init(type: PatchType, body: Data) throws(KubeStatusError) {
        switch type {
        case .merge:
            let document = try Self.parseJSON(body)
            guard document.isObject else {
                throw .badRequest("a merge patch must be a JSON object, not \(document.typeName)")
            }
            self = .merge(document)
        case .strategic:
            let document = try Self.parseJSON(body)
            guard document.isObject else {
                throw .badRequest("a strategic merge patch must be a JSON object, not \(document.typeName)")
            }
            self = .strategic(document)
        case .json:
            do {
                self = .json(try JSONPatch(parsing: try Self.parseJSON(body)))
            } catch let error as JSONPatchError {
                throw .badRequest(error.message)
            } catch let error as KubeStatusError {
                throw error
            } catch {
                throw .badRequest("the JSON patch cannot be read")
            }
        case .apply(let fieldManager, let force):
            let document = try Self.parseYAMLOrJSON(body)
            guard document.isObject else {
                throw .badRequest("an applied configuration must be an object, not \(document.typeName)")
            }
            self = .apply(document, fieldManager: fieldManager, force: force)
        }
    }

    static func parseJSON(_ body: Data) throws(KubeStatusError) -> JSONValue {
        do {
            return try JSONValue(parsing: body)
        } catch {
            throw .badRequest("the request body is not valid JSON: \(error.description)")
        }
    }

    /// JSON first (what kubectl sends); YAML otherwise.
    static func parseYAMLOrJSON(_ body: Data) throws(KubeStatusError) -> JSONValue {
        if let document = try? JSONValue(parsing: body) { return document }
        guard let text = String(data: body, encoding: .utf8) else {
            throw .badRequest("the applied configuration is neither JSON nor UTF-8 YAML")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw .badRequest("the applied configuration is neither valid JSON nor valid YAML")
        }
        guard let node else { throw .badRequest("the applied configuration is empty") }
        return try jsonValue(of: node)
    }

    /// The JSON value of a YAML node; timestamps stay strings, as `sigs.k8s.io/yaml` keeps them.
    static func jsonValue(of node: Node) throws(KubeStatusError) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: return node.int.map { .integer(Int64($0)) } ?? .string(scalar.string)
            case .float: return node.float.map(JSONValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for element in sequence { elements.append(try jsonValue(of: element)) }
            return .array(elements)
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard let name = key.string else { throw .badRequest("YAML map keys must be strings") }
                members[name] = try jsonValue(of: value)
            }
            return .object(members)
        case .alias:
            throw .badRequest("YAML aliases are not supported in an applied configuration")
        }
    }
}
