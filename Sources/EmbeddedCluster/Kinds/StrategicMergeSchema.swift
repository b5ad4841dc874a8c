import Foundation

/// The patch strategies of one kind's lists, as the Kubernetes types declare them with
/// `patchStrategy` and `patchMergeKey` tags: which lists merge by a key, which merge as sets of
/// values, and (by omission) which are replaced whole.
///
/// Paths are dotted field names from the object's root; a list's elements add `[]` to the list's
/// name: `spec.template.spec.containers[].ports`.
///
/// ```swift
/// let schema = StrategicMergeSchema(lists: ["spec.ports": .merge(key: "port")])
/// schema.strategy(at: "spec.ports")  // .merge(key: "port")
/// ```
public struct StrategicMergeSchema: Sendable, Equatable {
    /// How a list merges.
    public enum ListStrategy: Sendable, Equatable {
        /// Elements are objects matched by the value of `key`; matched ones merge, others are appended.
        case merge(key: String)
        /// Elements are scalars; the patch's values are added to the list's (a set union in order).
        case mergeValues
    }

    /// The lists that do not replace, by path.
    public var lists: [String: ListStrategy]

    /// Creates a schema.
    public init(lists: [String: ListStrategy]) {
        self.lists = lists
    }

    /// The strategy of the list at `path`; `nil` means the patch's list replaces the object's.
    public func strategy(at path: String) -> ListStrategy? {
        lists[path]
    }

    /// Two schemas together.
    public func merging(_ other: StrategicMergeSchema) -> StrategicMergeSchema {
        StrategicMergeSchema(lists: lists.merging(other.lists) { $1 })
    }

    /// `metadata`'s lists: `finalizers` merge as values, `ownerReferences` by `uid`.
    public static let objectMeta = StrategicMergeSchema(lists: [
        "metadata.finalizers": .mergeValues,
        "metadata.ownerReferences": .merge(key: "uid"),
    ])

    /// The lists of a `PodSpec` at `prefix` (`spec.template.spec`): containers by `name`, their
    /// ports by `containerPort`, env by `name`, volume mounts by `mountPath`, volumes and pull secrets by `name`.
    public static func podSpec(at prefix: String) -> StrategicMergeSchema {
        var lists: [String: ListStrategy] = [
            "\(prefix).volumes": .merge(key: "name"),
            "\(prefix).imagePullSecrets": .merge(key: "name"),
            "\(prefix).hostAliases": .merge(key: "ip"),
            "\(prefix).topologySpreadConstraints": .merge(key: "topologyKey"),
        ]
        for containers in ["containers", "initContainers", "ephemeralContainers"] {
            let element = "\(prefix).\(containers)[]"
            lists["\(prefix).\(containers)"] = .merge(key: "name")
            lists["\(element).ports"] = .merge(key: "containerPort")
            lists["\(element).env"] = .merge(key: "name")
            lists["\(element).volumeMounts"] = .merge(key: "mountPath")
            lists["\(element).volumeDevices"] = .merge(key: "devicePath")
            lists["\(element).resizePolicy"] = .merge(key: "resourceName")
        }
        return StrategicMergeSchema(lists: lists)
    }

    /// `status.conditions` merged by `type`.
    public static let statusConditions = StrategicMergeSchema(lists: ["status.conditions": .merge(key: "type")])
}
