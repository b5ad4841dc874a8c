import Foundation
import GatewayCore

/// Applies a strategic merge patch (`application/strategic-merge-patch+json`, what client-side
/// `kubectl apply`, `kubectl edit` and `kubectl scale` send for built-in kinds) to an object. Pure.
///
/// Rules, as the API server applies them:
/// - objects merge member by member; a `null` member removes the field;
/// - a list merges as its ``StrategicMergeSchema`` says: by a key (elements with the same key
///   merge, new ones are appended), as a set of values, or (by default) the patch's list replaces it;
/// - directives: `$patch: replace` in an object replaces it whole, `$patch: delete` removes it;
///   in a keyed list an element `{"$patch": "delete", <key>: …}` removes the matching element and
///   an element `{"$patch": "replace"}` makes the patch's list replace the object's;
///   `$retainKeys: [...]` keeps only those members; `$deleteFromPrimitiveList/<list>: [...]` removes
///   values; `$setElementOrder/<list>: [...]` orders the merged list (elements named there first,
///   in that order, then the others as they were).
///
/// ```swift
/// let patch = StrategicMergePatch(schema: StrategicMergeSchema(lists: ["spec.ports": .merge(key: "port")]))
/// try patch.apply(["spec": ["ports": [["port": 80, "name": "web"]]]], to: service)
/// ```
public struct StrategicMergePatch: Sendable {
    /// The lists' strategies.
    public let schema: StrategicMergeSchema

    /// Creates the engine for one kind's schema.
    public init(schema: StrategicMergeSchema) {
        self.schema = schema
    }

    /// The object after the patch.
    /// - Throws: 422 Invalid for a directive with an unknown value or a keyed element without its key.
    public func apply(_ patch: JSONValue, to object: JSONValue) throws(KubeStatusError) -> JSONValue {
        try mergeObject(patch, into: object, path: "") ?? [:]
    }

    /// Merges the object `patch` into `original` at `path`; `nil` when a `$patch: delete` removes it.
    private func mergeObject(_ patch: JSONValue, into original: JSONValue?, path: String) throws(KubeStatusError) -> JSONValue? {
        guard case .object(var members) = patch else { return patch }
        let directive = members.removeValue(forKey: "$patch")
        switch directive?.stringValue {
        case nil, "merge": break
        case "replace": return try strippedDirectives(.object(members))
        case "delete": return nil
        default: throw Self.invalid(path, "unknown patch directive \(directive?.compactString ?? "")")
        }
        var result = original?.objectValue ?? [:]
        let retained = members.removeValue(forKey: "$retainKeys")
        var orders: [String: [JSONValue]] = [:]
        var deletions: [String: [JSONValue]] = [:]
        for (key, value) in members {
            if let list = Self.directiveTarget(key, prefix: "$setElementOrder/") {
                orders[list] = value.arrayValue ?? []
            } else if let list = Self.directiveTarget(key, prefix: "$deleteFromPrimitiveList/") {
                deletions[list] = value.arrayValue ?? []
            }
        }
        for (key, value) in members where !key.hasPrefix("$") {
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            switch value {
            case .null:
                result[key] = nil
            case .object:
                result[key] = try mergeObject(value, into: result[key], path: childPath)
            case .array(let elements):
                result[key] = .array(try mergeList(elements, into: result[key]?.arrayValue, path: childPath))
            default:
                result[key] = value
            }
        }
        for (list, values) in deletions {
            guard let elements = result[list]?.arrayValue else { continue }
            result[list] = .array(elements.filter { !values.contains($0) })
        }
        for (list, order) in orders {
            guard let elements = result[list]?.arrayValue else { continue }
            let childPath = path.isEmpty ? list : "\(path).\(list)"
            result[list] = .array(Self.ordered(elements, by: order, key: schema.strategy(at: childPath)))
        }
        if let keep = retained?.arrayValue?.compactMap(\.stringValue) {
            result = result.filter { keep.contains($0.key) }
        }
        return .object(result)
    }

    /// Merges the list `patch` into `original` at `path` by the schema's strategy.
    private func mergeList(_ patch: [JSONValue], into original: [JSONValue]?, path: String) throws(KubeStatusError) -> [JSONValue] {
        switch schema.strategy(at: path) {
        case .none:
            return try patch.map { element throws(KubeStatusError) in try strippedDirectives(element) }
        case .mergeValues:
            var result = original ?? []
            for value in patch where !result.contains(value) { result.append(value) }
            return result
        case .merge(let key):
            if patch.contains(where: { $0["$patch"]?.stringValue == "replace" }) {
                return try patch.filter { $0["$patch"] == nil }.map { element throws(KubeStatusError) in try strippedDirectives(element) }
            }
            var result = original ?? []
            for element in patch {
                guard element.isObject else { throw Self.invalid(path, "elements of a list merged by \(key) must be objects") }
                guard let value = element[key] else { throw Self.invalid(path, "an element has no \(key), the list's merge key") }
                let index = result.firstIndex { $0[key] == value }
                if element["$patch"]?.stringValue == "delete" {
                    if let index { result.remove(at: index) }
                    continue
                }
                let merged = try mergeObject(element, into: index.map { result[$0] }, path: "\(path)[]")
                if let index {
                    if let merged { result[index] = merged } else { result.remove(at: index) }
                } else if let merged {
                    result.append(merged)
                }
            }
            return result
        }
    }

    /// `value` without directive members, recursively (what a replaced part becomes).
    private func strippedDirectives(_ value: JSONValue) throws(KubeStatusError) -> JSONValue {
        switch value {
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (key, member) in members where !key.hasPrefix("$") {
                result[key] = try strippedDirectives(member)
            }
            return .object(result)
        case .array(let elements):
            var result: [JSONValue] = []
            for element in elements { result.append(try strippedDirectives(element)) }
            return .array(result)
        default:
            return value
        }
    }

    /// `elements` with those named in `order` first, in that order, then the rest as they were.
    static func ordered(_ elements: [JSONValue], by order: [JSONValue], key strategy: StrategicMergeSchema.ListStrategy?) -> [JSONValue] {
        func identity(_ element: JSONValue) -> JSONValue {
            if case .merge(let key) = strategy { return element[key] ?? element }
            return element
        }
        let wanted = order.map(identity)
        var remaining = elements
        var result: [JSONValue] = []
        for name in wanted {
            if let index = remaining.firstIndex(where: { identity($0) == name }) {
                result.append(remaining.remove(at: index))
            }
        }
        return result + remaining
    }

    private static func directiveTarget(_ key: String, prefix: String) -> String? {
        key.hasPrefix(prefix) ? String(key.dropFirst(prefix.count)) : nil
    }

    private static func invalid(_ path: String, _ message: String) -> KubeStatusError {
        KubeStatusError(
            code: 422,
            reason: "Invalid",
            message: "the strategic merge patch cannot be applied at \(path.isEmpty ? "the root" : path): \(message)"
        )
    }
}
