import GatewayCore

/// One list of `deployments` or `services` out of two: the gateway's (its legacy objects, from
/// its records) and the cluster's (everything else), as the front answers a list of a whole
/// collection (`kubectl get deployments`, `-A`).
///
/// The rule: every object the gateway holds, and every object of the cluster's that the gateway
/// does not hold under the same namespace and name (the gateway's shadows the cluster's), sorted
/// by namespace and name as the API server sorts a list. The answer keeps the cluster's `kind`,
/// `apiVersion` and `metadata` (its `resourceVersion` and `continue` token, which only the cluster
/// understands). Both answers must be of one shape: a `Table` (kubectl's human output, whose rows
/// are put in the cluster's columns by column name) or a plain list with `items`.
///
/// ```swift
/// LegacyListMerge.merge(cluster: clusterList, local: gatewayList)  // nil when the shapes differ
/// ```
enum LegacyListMerge {
    /// The merged list, or `nil` when the two answers are not both Tables or both lists.
    static func merge(cluster: JSONValue, local: JSONValue) -> JSONValue? {
        let isTable = cluster["kind"] == "Table"
        guard isTable == (local["kind"] == "Table") else { return nil }
        let member = isTable ? "rows" : "items"
        guard let clusterEntries = cluster[member]?.arrayValue, var localEntries = local[member]?.arrayValue else { return nil }
        if isTable {
            localEntries = localEntries.map {
                reorder(row: $0, from: local["columnDefinitions"], to: cluster["columnDefinitions"])
            }
        }
        let held = Set(localEntries.compactMap { identity(of: $0, isTable: isTable) })
        let passed = clusterEntries.filter { entry in
            guard let key = identity(of: entry, isTable: isTable) else { return true }
            return !held.contains(key)
        }
        let merged = (localEntries + passed).enumerated().sorted { left, right in
            let leftKey = identity(of: left.element, isTable: isTable) ?? Key(namespace: "", name: "")
            let rightKey = identity(of: right.element, isTable: isTable) ?? Key(namespace: "", name: "")
            return leftKey == rightKey ? left.offset < right.offset : leftKey < rightKey
        }
        var answer = cluster
        answer[member] = .array(merged.map(\.element))
        return answer
    }

    /// An object's namespace and name.
    struct Key: Hashable, Comparable {
        var namespace: String
        var name: String

        static func < (left: Key, right: Key) -> Bool {
            (left.namespace, left.name) < (right.namespace, right.name)
        }
    }

    /// The namespace and name of an item, or of a Table row's object; `nil` when the row has no object.
    static func identity(of entry: JSONValue, isTable: Bool) -> Key? {
        let metadata = isTable ? entry[path: ["object", "metadata"]] : entry["metadata"]
        guard let name = metadata?["name"]?.stringValue else { return nil }
        return Key(namespace: metadata?["namespace"]?.stringValue ?? "", name: name)
    }

    /// A row's cells in the order of `target`'s columns, matched by name (an empty cell for a
    /// column the row's Table lacks).
    static func reorder(row: JSONValue, from source: JSONValue?, to target: JSONValue?) -> JSONValue {
        let sourceNames = source?.arrayValue?.map { $0["name"]?.stringValue ?? "" } ?? []
        let targetNames = target?.arrayValue?.map { $0["name"]?.stringValue ?? "" } ?? []
        guard sourceNames != targetNames, let cells = row["cells"]?.arrayValue else { return row }
        var byName: [String: JSONValue] = [:]
        for (index, name) in sourceNames.enumerated() where index < cells.count { byName[name] = cells[index] }
        var reordered = row
        reordered["cells"] = .array(targetNames.map { byName[$0] ?? "" })
        return reordered
    }
}
