import GatewayCore

/// Which workload record an object seen in the cluster belongs to. Pure.
///
/// An object is the gateway's only where it is the one the gateway pushed: in the record's
/// namespace, under the record's name, with the `uid` stored when it was pushed. Labels such as
/// `project` or the managed-by label select what status sync watches, but a client who may write
/// objects in its own namespace can set them, so they never decide whose record an object feeds.
public enum ObjectOwnership: Sendable, Equatable {
    /// The object is the one pushed for this record (or the first sighting of it before the
    /// push recorded its `uid`).
    case owned(Workload)
    /// The record's namespace and name hold another object (another `uid`): it was deleted and
    /// created again outside the gateway. Drift, never a silent takeover.
    case replaced(Workload, uid: String?)
    /// No record pushed this object.
    case unmanaged

    /// How many records of one object status sync compares (a name deleted and reused that often).
    public static let historyLimit = 16

    /// Matches an object against the records of its namespace and name.
    ///
    /// - Parameters:
    ///   - uid: the object's `metadata.uid`.
    ///   - history: the records whose object is the object's namespace and name, newest first
    ///     (``GatewayPersistence/WorkloadRepository/objectHistory(namespace:name:limit:)``).
    ///
    /// A record whose object was handed over (``GatewayCore/WorkloadHandover``) owns nothing: the
    /// object is no longer the gateway's, so neither its status nor its changes reach the record.
    public static func match(uid: String?, history: [Workload]) -> ObjectOwnership {
        if let uid, let pushed = history.first(where: { $0.clusterUID == uid }) {
            return pushed.handover == nil ? .owned(pushed) : .unmanaged
        }
        guard let newest = history.first, newest.handover == nil else { return .unmanaged }
        if newest.clusterUID == nil {
            return .owned(newest)
        }
        return .replaced(newest, uid: uid)
    }
}
