import Synchronization

/// What a legacy handler learned about its call, for the middleware that wraps it: who called,
/// which project and workload it touched, and which Cluster-API object replaces what it served.
///
/// Middleware sees the request context only as it passed it down; handlers write here instead, and
/// the deprecation and audit middleware read it once the response is ready.
final class LegacyCallNotes: Sendable {
    /// What a handler noted.
    struct Values: Sendable, Equatable {
        var principal: Principal?
        var project: String?
        var workload: String?
        var successor: SuccessorTarget?
        /// The row of ``LegacyRoutes/table`` the call came by, once routed.
        var route: Int?
    }

    private let values = Mutex(Values())

    /// Everything noted so far.
    var current: Values { values.withLock { $0 } }

    /// The row of ``LegacyRoutes/table`` the call came by, once routed.
    var route: Int? { values.withLock { $0.route } }

    /// Notes the row of ``LegacyRoutes/table`` the call came by.
    func note(route: Int) {
        values.withLock { $0.route = route }
    }

    /// Notes the caller.
    func note(principal: Principal) {
        values.withLock { $0.principal = principal }
    }

    /// Notes the project and workload touched, and the object that replaces the answer.
    func note(project: String?, workload: String? = nil, successor: SuccessorTarget? = nil) {
        values.withLock { values in
            if let project { values.project = project }
            if let workload { values.workload = workload }
            if let successor { values.successor = successor }
        }
    }
}

/// The Cluster-API resource that replaces what a legacy call served.
enum SuccessorTarget: Sendable, Equatable {
    /// One `InferenceWorkload`.
    case object(namespace: String, name: String)
    /// The `InferenceWorkload`s of one namespace.
    case namespace(String)
    /// The `InferenceWorkload`s of every namespace.
    case allNamespaces
}
