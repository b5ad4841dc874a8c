import GatewayCore

/// Whose write a store operation is, for the labels only trusted writers may set or change.
public enum WriteAuthority: Sendable, Equatable {
    /// The gateway itself (its push path, the simulated controller), an administrator, or anyone
    /// in the unauthenticated mode: reserved labels may be written.
    case trusted
    /// A user confined to some namespaces: a write that adds, changes or removes a reserved label
    /// is 422 Invalid.
    case restricted
}

/// The labels of ``ClusterStore/Configuration/reservedLabels``: they tell the gateway's status
/// sync which objects are its own, so a user who may write objects in one namespace must not be
/// able to make one look like the gateway's.
enum ReservedLabels {
    /// Checks that a `restricted` write leaves every reserved label as it was.
    ///
    /// - Parameters:
    ///   - old: the stored object, or `nil` for a create.
    ///   - new: the object about to be stored.
    /// - Throws: 422 Invalid with a `FieldValueForbidden` cause per label touched.
    static func check(
        old: JSONValue?,
        new: JSONValue,
        reserved: Set<String>,
        authority: WriteAuthority,
        name: String
    ) throws(KubeStatusError) {
        guard authority == .restricted, !reserved.isEmpty else { return }
        let before = old?[path: ["metadata", "labels"]]
        let after = new[path: ["metadata", "labels"]]
        let touched = reserved.sorted().filter { before?[$0] != after?[$0] }
        guard !touched.isEmpty else { return }
        throw .invalid(
            name,
            touched.map { label in
                KubeStatusError.forbiddenValue(
                    "metadata.labels[\(label)]",
                    "the label is reserved for inference-gateway; only the gateway itself may set, change or remove it"
                )
            }
        )
    }
}
