import GatewayCore

/// Server-side apply, approximated (see ``ClusterStore``). Pure.
///
/// The applied configuration is merged into the live object (maps recursively, lists and scalars
/// replaced, `null` removes); the manager then owns exactly the applied leaves. A leaf another
/// manager owns with a different value is a conflict (409) unless `force`, which takes it over.
/// Leaves the manager applied last time and omits now are removed unless another manager owns them.
enum ServerSideApply {
    /// The object after applying `applied` to `live` (or to nothing, for a create) and the new managedFields.
    static func apply(
        _ applied: JSONValue,
        to live: JSONValue?,
        manager: String,
        force: Bool,
        time: String,
        name: String,
        kind: ResourceKind = .inferenceWorkloads
    ) throws(KubeStatusError) -> (object: JSONValue, managedFields: ManagedFields) {
        let appliedLeaves = ManagedFields.leaves(of: applied, subresource: .main)
        var managed = live.map { ManagedFields(of: $0) } ?? ManagedFields(entries: [])
        let base = live ?? [:]
        let merged = merge(applied, into: base)
        var conflicts: [(manager: String, path: [String])] = []
        for (index, entry) in managed.entries.enumerated() where entry.manager != manager {
            var kept: Set<[String]> = []
            for owned in entry.fields {
                let clashing = appliedLeaves.contains { leaf in
                    guard ManagedFields.overlaps(leaf, owned) else { return false }
                    let shorter = leaf.count <= owned.count ? leaf : owned
                    return base[path: shorter] != merged[path: shorter]
                }
                if clashing {
                    conflicts.append((entry.manager, owned))
                } else {
                    kept.insert(owned)
                }
            }
            if force { managed.entries[index].fields = kept }
        }
        if !conflicts.isEmpty, !force {
            throw conflictError(conflicts, name: name, kind: kind)
        }
        let ownedByOthers = managed.entries.filter { $0.manager != manager }.reduce(into: Set<[String]>()) {
            $0.formUnion($1.fields)
        }
        let applyIndex = managed.entries.firstIndex { $0.manager == manager && $0.operation == "Apply" && $0.subresource == nil }
        let previouslyApplied = applyIndex.map { managed.entries[$0].fields } ?? []
        var object = merged
        for path in previouslyApplied.subtracting(appliedLeaves) where !ownedByOthers.contains(path) {
            object[path: path] = nil
        }
        let entry = ManagedFields.Entry(
            manager: manager,
            operation: "Apply",
            apiVersion: kind.apiVersion(),
            time: time,
            subresource: nil,
            fields: appliedLeaves
        )
        if let applyIndex {
            managed.entries[applyIndex] = entry
        } else {
            managed.entries.append(entry)
        }
        return (object, managed)
    }

    /// `applied` merged into `live`: objects member by member, anything else replaced, `null` removes.
    static func merge(_ applied: JSONValue, into live: JSONValue) -> JSONValue {
        guard case .object(let members) = applied, case .object(var result) = live else { return applied }
        for (key, value) in members {
            if value.isNull {
                result[key] = nil
            } else if let existing = result[key] {
                result[key] = merge(value, into: existing)
            } else {
                result[key] = value
            }
        }
        return .object(result)
    }

    /// 409 Conflict: `Apply failed with 1 conflict: conflict with "kubectl" using run.ai/v2alpha1: .spec.replicas`.
    static func conflictError(
        _ conflicts: [(manager: String, path: [String])],
        name: String,
        kind: ResourceKind = .inferenceWorkloads
    ) -> KubeStatusError {
        let apiVersion = kind.apiVersion()
        let sorted = conflicts.sorted { ($0.manager, $0.path.joined(separator: ".")) < ($1.manager, $1.path.joined(separator: ".")) }
        let causes = sorted.map { conflict in
            KubeStatusError.Cause(
                reason: "FieldManagerConflict",
                message: "conflict with \"\(conflict.manager)\" using \(apiVersion)",
                field: "." + conflict.path.joined(separator: ".")
            )
        }
        let count = causes.count == 1 ? "1 conflict" : "\(causes.count) conflicts"
        let lines = causes.map { "\($0.message): \($0.field)" }
        let message =
            causes.count == 1
            ? "Apply failed with \(count): \(lines[0])"
            : "Apply failed with \(count): " + lines.joined(separator: "\n")
        return KubeStatusError(
            code: 409,
            reason: "Conflict",
            message: message,
            details: KubeStatusError.Details(
                name: name,
                group: kind.group,
                kind: kind.plural,
                causes: causes
            )
        )
    }
}
