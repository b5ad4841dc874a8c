import GatewayCore

/// `metadata.managedFields` bookkeeping, the approximation of server-side apply. Pure.
///
/// Fields are tracked as leaf paths: a scalar, a list (lists are atomic, as in a CRD without
/// `x-kubernetes-list-type`) or an empty map. Tracked are everything but `apiVersion`, `kind`,
/// `status` and `metadata`, plus `metadata.labels`, `metadata.annotations`, `metadata.finalizers`
/// and `metadata.ownerReferences`; the `/status` subresource tracks `status` only.
struct ManagedFields: Sendable, Equatable {
    /// One manager's record.
    struct Entry: Sendable, Equatable {
        var manager: String
        /// `Apply` or `Update`.
        var operation: String
        var apiVersion: String
        var time: String
        var subresource: String?
        var fields: Set<[String]>

        var json: JSONValue {
            var entry: JSONValue = [
                "manager": .string(manager), "operation": .string(operation), "apiVersion": .string(apiVersion),
                "time": .string(time), "fieldsType": "FieldsV1", "fieldsV1": ManagedFields.fieldsV1(fields),
            ]
            if let subresource { entry["subresource"] = .string(subresource) }
            return entry
        }
    }

    var entries: [Entry]

    /// Reads the entries recorded in an object; unreadable ones are dropped.
    init(of object: JSONValue) {
        entries = (object[path: ["metadata", "managedFields"]]?.arrayValue ?? []).compactMap { element in
            guard let manager = element["manager"]?.stringValue, let operation = element["operation"]?.stringValue else {
                return nil
            }
            return Entry(
                manager: manager,
                operation: operation,
                apiVersion: element["apiVersion"]?.stringValue ?? InferenceWorkloadResource.apiVersion(),
                time: element["time"]?.stringValue ?? "",
                subresource: element["subresource"]?.stringValue,
                fields: Self.paths(fromFieldsV1: element["fieldsV1"] ?? [:])
            )
        }
    }

    init(entries: [Entry]) {
        self.entries = entries
    }

    /// The entries a write other than apply starts from, as kube-apiserver decides: the request's
    /// own `managedFields` when it sets some (a client may rewrite them, e.g. to drop a manager),
    /// none when it sets `[{}]` (the documented reset), else the live object's (a client unaware
    /// of the field, or one sending `[]`, never strips them).
    init(requested: JSONValue, live: JSONValue) {
        let given = requested[path: ["metadata", "managedFields"]]?.arrayValue
        if let given, given.count == 1, given[0].objectValue?.isEmpty == true {
            self.init(entries: [])
            return
        }
        let parsed = ManagedFields(of: requested)
        self = parsed.entries.contains { !$0.fields.isEmpty } ? parsed : ManagedFields(of: live)
    }

    /// The `managedFields` array, or `nil` when there is no entry.
    var json: JSONValue? {
        let kept = entries.filter { !$0.fields.isEmpty }
        return kept.isEmpty ? nil : .array(kept.map(\.json))
    }

    /// The tracked leaf paths of an object.
    static func leaves(of object: JSONValue, subresource: Subresource) -> Set<[String]> {
        var result: Set<[String]> = []
        for (key, value) in object.objectValue ?? [:] {
            switch (subresource, key) {
            case (.status, "status"): collect(value, at: [key], into: &result)
            case (.status, _), (.main, "status"), (.main, "apiVersion"), (.main, "kind"): continue
            case (.main, "metadata"):
                for member in ["labels", "annotations"] {
                    if let map = value[member]?.objectValue {
                        for name in map.keys { result.insert(["metadata", member, name]) }
                    }
                }
                for member in ["finalizers", "ownerReferences"] where value[member] != nil {
                    result.insert(["metadata", member])
                }
            default: collect(value, at: [key], into: &result)
            }
        }
        return result
    }

    private static func collect(_ value: JSONValue, at path: [String], into result: inout Set<[String]>) {
        if case .object(let members) = value, !members.isEmpty {
            for (key, child) in members { collect(child, at: path + [key], into: &result) }
        } else {
            result.insert(path)
        }
    }

    /// `{"f:spec":{"f:replicas":{}}}` for the paths.
    static func fieldsV1(_ paths: Set<[String]>) -> JSONValue {
        var tree: JSONValue = [:]
        for path in paths {
            tree[path: path.map { "f:" + $0 }] = [:]
        }
        return tree
    }

    /// The leaf paths of a `fieldsV1` tree (keys other than `f:…` are ignored).
    static func paths(fromFieldsV1 tree: JSONValue) -> Set<[String]> {
        var result: Set<[String]> = []
        func walk(_ node: JSONValue, _ path: [String]) {
            let children = (node.objectValue ?? [:]).filter { $0.key.hasPrefix("f:") }
            if children.isEmpty {
                if !path.isEmpty { result.insert(path) }
                return
            }
            for (key, child) in children { walk(child, path + [String(key.dropFirst(2))]) }
        }
        walk(tree, [])
        return result
    }

    /// Whether one path is a prefix of the other (they address overlapping parts).
    static func overlaps(_ a: [String], _ b: [String]) -> Bool {
        a.count <= b.count ? Array(b.prefix(a.count)) == a : Array(a.prefix(b.count)) == b
    }

    /// Records an update by `manager`: it owns the fields it changed, others lose them; removed
    /// fields are owned by nobody.
    mutating func recordUpdate(
        manager: String?,
        old: JSONValue,
        new: JSONValue,
        subresource: Subresource,
        time: String,
        apiVersion: String = InferenceWorkloadResource.apiVersion()
    ) {
        let oldLeaves = Self.leaves(of: old, subresource: subresource)
        let newLeaves = Self.leaves(of: new, subresource: subresource)
        let changed = newLeaves.filter { old[path: $0] != new[path: $0] }
        let removed = oldLeaves.subtracting(newLeaves)
        for index in entries.indices {
            entries[index].fields = entries[index].fields.filter { path in
                !removed.contains { Self.overlaps($0, path) } && !changed.contains { Self.overlaps($0, path) }
            }
        }
        guard let manager, !changed.isEmpty else { return }
        let subresourceName = subresource == .status ? "status" : nil
        if let index = entries.firstIndex(where: {
            $0.manager == manager && $0.operation == "Update" && $0.subresource == subresourceName
        }) {
            entries[index].fields.formUnion(changed)
            entries[index].time = time
        } else {
            entries.append(
                Entry(
                    manager: manager,
                    operation: "Update",
                    apiVersion: apiVersion,
                    time: time,
                    subresource: subresourceName,
                    fields: changed
                )
            )
        }
    }
}
