import GatewayCore

/// Why a JSON patch cannot be applied; the message names the operation and the path.
struct JSONPatchError: Error, Sendable, Equatable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}

/// An RFC 6902 JSON patch: `add`, `remove`, `replace`, `move`, `copy`, `test`. Pure.
struct JSONPatch: Sendable, Equatable {
    /// One operation.
    enum Operation: Sendable, Equatable {
        case add(JSONPointer, JSONValue)
        case remove(JSONPointer)
        case replace(JSONPointer, JSONValue)
        case move(from: JSONPointer, to: JSONPointer)
        case copy(from: JSONPointer, to: JSONPointer)
        case test(JSONPointer, JSONValue)
    }

    var operations: [Operation]

    /// Reads a patch document: an array of operation objects.
    /// - Throws: a message for a malformed document.
    init(parsing document: JSONValue) throws(JSONPatchError) {
        guard let elements = document.arrayValue else {
            throw JSONPatchError("a JSON patch must be an array of operations, not \(document.typeName)")
        }
        var operations: [Operation] = []
        for (index, element) in elements.enumerated() {
            guard element.isObject else { throw JSONPatchError("operation \(index) must be an object") }
            guard let op = element["op"]?.stringValue else { throw JSONPatchError("operation \(index) has no \"op\"") }
            func pointer(_ key: String) throws(JSONPatchError) -> JSONPointer {
                guard let text = element[key]?.stringValue else {
                    throw JSONPatchError("\(op) operation \(index) has no \"\(key)\"")
                }
                return try JSONPointer(text)
            }
            func value() throws(JSONPatchError) -> JSONValue {
                guard let value = element["value"] else { throw JSONPatchError("\(op) operation \(index) has no \"value\"") }
                return value
            }
            switch op {
            case "add": operations.append(.add(try pointer("path"), try value()))
            case "remove": operations.append(.remove(try pointer("path")))
            case "replace": operations.append(.replace(try pointer("path"), try value()))
            case "move": operations.append(.move(from: try pointer("from"), to: try pointer("path")))
            case "copy": operations.append(.copy(from: try pointer("from"), to: try pointer("path")))
            case "test": operations.append(.test(try pointer("path"), try value()))
            default: throw JSONPatchError("unexpected kind of operation \"\(op)\" at \(index)")
            }
        }
        self.operations = operations
    }

    /// Applies every operation in order; all or nothing.
    /// - Throws: a message naming the operation and path that does not apply.
    func apply(to document: JSONValue) throws(JSONPatchError) -> JSONValue {
        var result = document
        for operation in operations {
            switch operation {
            case .add(let path, let value):
                result = try Self.add(value, at: path, in: result, op: "add")
            case .remove(let path):
                result = try Self.remove(at: path, in: result, op: "remove").document
            case .replace(let path, let value):
                _ = try Self.remove(at: path, in: result, op: "replace")
                result = try Self.set(value, at: path.tokens[...], in: result, op: "replace", path: path, inserting: false)
            case .move(let from, let to):
                guard !from.isProperPrefix(of: to) else {
                    throw JSONPatchError("move operation cannot move \(from) into its own child \(to)")
                }
                let (removed, value) = try Self.remove(at: from, in: result, op: "move")
                result = try Self.add(value, at: to, in: removed, op: "move")
            case .copy(let from, let to):
                guard let value = from.resolve(in: result) else {
                    throw JSONPatchError("copy operation does not apply: doc is missing from path: \(from)")
                }
                result = try Self.add(value, at: to, in: result, op: "copy")
            case .test(let path, let value):
                guard let actual = path.resolve(in: result), actual == value else {
                    throw JSONPatchError("testing value \(path) failed: test failed")
                }
            }
        }
        return result
    }

    private static func add(
        _ value: JSONValue,
        at path: JSONPointer,
        in document: JSONValue,
        op: String
    )
        throws(JSONPatchError) -> JSONValue
    {
        try set(value, at: path.tokens[...], in: document, op: op, path: path, inserting: true)
    }

    /// Sets (or, for arrays when `inserting`, inserts) `value` at the tokens below `document`.
    private static func set(
        _ value: JSONValue,
        at tokens: ArraySlice<String>,
        in document: JSONValue,
        op: String,
        path: JSONPointer,
        inserting: Bool
    ) throws(JSONPatchError) -> JSONValue {
        guard let token = tokens.first else { return value }
        let rest = tokens.dropFirst()
        switch document {
        case .object(var members):
            if rest.isEmpty {
                members[token] = value
            } else {
                guard let child = members[token] else { throw missing(op, path) }
                members[token] = try set(value, at: rest, in: child, op: op, path: path, inserting: inserting)
            }
            return .object(members)
        case .array(var elements):
            if rest.isEmpty {
                if inserting {
                    if token == "-" {
                        elements.append(value)
                    } else {
                        guard let index = JSONPointer.index(token), index <= elements.count else { throw missing(op, path) }
                        elements.insert(value, at: index)
                    }
                } else {
                    guard let index = JSONPointer.index(token), elements.indices.contains(index) else { throw missing(op, path) }
                    elements[index] = value
                }
            } else {
                guard let index = JSONPointer.index(token), elements.indices.contains(index) else { throw missing(op, path) }
                elements[index] = try set(value, at: rest, in: elements[index], op: op, path: path, inserting: inserting)
            }
            return .array(elements)
        default:
            throw missing(op, path)
        }
    }

    /// Removes the value at `path`; returns the document without it and the removed value.
    private static func remove(
        at path: JSONPointer,
        in document: JSONValue,
        op: String
    )
        throws(JSONPatchError) -> (document: JSONValue, value: JSONValue)
    {
        guard let value = path.resolve(in: document) else { throw missing(op, path) }
        guard !path.tokens.isEmpty else { return (.null, value) }
        return (try removing(path.tokens[...], in: document, op: op, path: path), value)
    }

    private static func removing(
        _ tokens: ArraySlice<String>,
        in document: JSONValue,
        op: String,
        path: JSONPointer
    )
        throws(JSONPatchError) -> JSONValue
    {
        guard let token = tokens.first else { return document }
        let rest = tokens.dropFirst()
        switch document {
        case .object(var members):
            guard let child = members[token] else { throw missing(op, path) }
            if rest.isEmpty {
                members[token] = nil
            } else {
                members[token] = try removing(rest, in: child, op: op, path: path)
            }
            return .object(members)
        case .array(var elements):
            guard let index = JSONPointer.index(token), elements.indices.contains(index) else { throw missing(op, path) }
            if rest.isEmpty {
                elements.remove(at: index)
            } else {
                elements[index] = try removing(rest, in: elements[index], op: op, path: path)
            }
            return .array(elements)
        default:
            throw missing(op, path)
        }
    }

    private static func missing(_ op: String, _ path: JSONPointer) -> JSONPatchError {
        JSONPatchError("\(op) operation does not apply: doc is missing path: \"\(path)\": missing value")
    }
}
