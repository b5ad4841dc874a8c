import Foundation

/// JSON helpers for the fake API server: parse, serialise, merge patch (RFC 7386) and JSON patch (RFC 6902).
enum JSONDocument {
    static func object(_ data: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) as? [String: Any]
    }

    static func value(_ data: Data) -> Any? {
        try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    static func data(_ value: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])) ?? Data("{}".utf8)
    }

    /// RFC 7386: objects merge, `null` deletes, everything else replaces.
    static func mergePatch(_ target: Any?, _ patch: Any) -> Any {
        guard let patch = patch as? [String: Any] else { return patch }
        var result = (target as? [String: Any]) ?? [:]
        for (key, value) in patch {
            if value is NSNull { result[key] = nil } else { result[key] = mergePatch(result[key], value) }
        }
        return result
    }

    /// RFC 6902 with `add`, `replace`, `remove` and `test`. Returns `nil` when an operation fails.
    static func jsonPatch(_ target: Any, _ operations: [[String: Any]]) -> Any? {
        var document = target
        for operation in operations {
            guard let op = operation["op"] as? String, let path = operation["path"] as? String else { return nil }
            let tokens = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
                $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            }
            switch op {
            case "add", "replace":
                guard let value = operation["value"], let next = set(document, Array(tokens), value, replace: op == "replace")
                else { return nil }
                document = next
            case "remove":
                guard let next = remove(document, Array(tokens)) else { return nil }
                document = next
            case "test":
                guard let value = operation["value"], let current = get(document, Array(tokens)),
                    data(current) == data(value)
                else { return nil }
            default:
                return nil
            }
        }
        return document
    }

    private static func get(_ document: Any, _ tokens: [String]) -> Any? {
        guard let first = tokens.first else { return document }
        if let object = document as? [String: Any], let child = object[first] { return get(child, Array(tokens.dropFirst())) }
        if let array = document as? [Any], let index = Int(first), array.indices.contains(index) {
            return get(array[index], Array(tokens.dropFirst()))
        }
        return nil
    }

    private static func set(_ document: Any, _ tokens: [String], _ value: Any, replace: Bool) -> Any? {
        guard let first = tokens.first else { return value }
        let rest = Array(tokens.dropFirst())
        if var object = document as? [String: Any] {
            if rest.isEmpty {
                if replace, object[first] == nil { return nil }
                object[first] = value
                return object
            }
            guard let child = object[first], let updated = set(child, rest, value, replace: replace) else { return nil }
            object[first] = updated
            return object
        }
        if var array = document as? [Any] {
            if rest.isEmpty {
                if first == "-" {
                    array.append(value)
                    return array
                }
                guard let index = Int(first), index >= 0, index <= array.count else { return nil }
                if replace {
                    guard index < array.count else { return nil }
                    array[index] = value
                } else {
                    array.insert(value, at: index)
                }
                return array
            }
            guard let index = Int(first), array.indices.contains(index),
                let updated = set(array[index], rest, value, replace: replace)
            else { return nil }
            array[index] = updated
            return array
        }
        return nil
    }

    private static func remove(_ document: Any, _ tokens: [String]) -> Any? {
        guard let first = tokens.first else { return nil }
        let rest = Array(tokens.dropFirst())
        if var object = document as? [String: Any] {
            guard let child = object[first] else { return nil }
            if rest.isEmpty {
                object[first] = nil
                return object
            }
            guard let updated = remove(child, rest) else { return nil }
            object[first] = updated
            return object
        }
        if var array = document as? [Any], let index = Int(first), array.indices.contains(index) {
            if rest.isEmpty {
                array.remove(at: index)
                return array
            }
            guard let updated = remove(array[index], rest) else { return nil }
            array[index] = updated
            return array
        }
        return nil
    }
}
