import Foundation

/// Reads the members of one object of a Kubernetes manifest, collecting every problem as a
/// ``ManifestCause`` instead of stopping at the first, and remembering which members were read so
/// that those the translation does not know can be refused by name rather than dropped.
struct ManifestReader {
    /// The object's path in the manifest (`spec.template.spec`), or `""` at the top.
    let path: String
    /// The members, empty when the value was not an object.
    let members: [String: JSONValue]
    private var read: Set<String> = []

    /// Reads `value` at `path`; a value that is not an object adds a cause and reads as empty.
    init(_ value: JSONValue?, path: String, causes: inout [ManifestCause]) {
        self.path = path
        switch value {
        case .object(let members)?: self.members = members
        case nil, .null?: self.members = [:]
        case let other?:
            causes.append(.invalid(path, other, "must be an object"))
            self.members = [:]
        }
    }

    /// The path of a member: `path.key`.
    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The path of an item of a map: `path[key]`, as Kubernetes writes map keys.
    static func item(_ path: String, _ key: String) -> String { "\(path)[\(key)]" }

    /// The member's value; `nil` when absent or `null`.
    mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = members[key], !value.isNull else { return nil }
        return value
    }

    /// Marks members as read without looking at them (fields the translation deliberately ignores).
    mutating func ignore(_ keys: String...) {
        read.formUnion(keys)
    }

    mutating func string(_ key: String, _ causes: inout [ManifestCause]) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else {
            causes.append(.invalid(field(key), value, "must be a string"))
            return nil
        }
        return text
    }

    mutating func bool(_ key: String, _ causes: inout [ManifestCause]) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else {
            causes.append(.invalid(field(key), value, "must be a boolean"))
            return nil
        }
        return flag
    }

    /// A whole number of 32 bits.
    mutating func integer(_ key: String, _ causes: inout [ManifestCause]) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.integerValue, number >= Int64(Int32.min), number <= Int64(Int32.max) else {
            causes.append(.invalid(field(key), value, "must be a whole number"))
            return nil
        }
        return Int(number)
    }

    /// An array, with each element's path.
    mutating func array(_ key: String, _ causes: inout [ManifestCause]) -> [(path: String, value: JSONValue)] {
        guard let value = value(key) else { return [] }
        guard case .array(let elements) = value else {
            causes.append(.invalid(field(key), value, "must be a list"))
            return []
        }
        return elements.enumerated().map { ("\(field(key))[\($0.offset)]", $0.element) }
    }

    /// A list of strings (`command`, `args`).
    mutating func strings(_ key: String, _ causes: inout [ManifestCause]) -> [String]? {
        guard members[key].map({ !$0.isNull }) ?? false else {
            read.insert(key)
            return nil
        }
        var words: [String] = []
        for (path, element) in array(key, &causes) {
            guard case .string(let word) = element else {
                causes.append(.invalid(path, element, "must be a string"))
                continue
            }
            words.append(word)
        }
        return words
    }

    /// A map of strings (`labels`, `annotations`, `nodeSelector`), in key order.
    mutating func stringMap(_ key: String, _ causes: inout [ManifestCause]) -> [String: String] {
        guard let value = value(key) else { return [:] }
        guard case .object(let members) = value else {
            causes.append(.invalid(field(key), value, "must be a map of strings"))
            return [:]
        }
        var result: [String: String] = [:]
        for (name, item) in members.sorted(by: { $0.key < $1.key }) {
            guard case .string(let text) = item else {
                causes.append(.invalid(Self.item(field(key), name), item, "must be a string"))
                continue
            }
            result[name] = text
        }
        return result
    }

    /// Refuses, in name order, every member that was never read: the translation has no place for it.
    func refuseUnknown(_ causes: inout [ManifestCause], why: String) {
        for key in members.keys.sorted() where !read.contains(key) && !(members[key]?.isNull ?? true) {
            causes.append(.forbidden(field(key), why))
        }
    }
}
