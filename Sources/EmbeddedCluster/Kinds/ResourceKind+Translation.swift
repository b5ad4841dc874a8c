import Foundation
import GatewayCore

extension ResourceKind {
    /// A kind's translation hook: what else happens once a client's write of one of its objects
    /// committed (the gateway turns legacy `Deployment`s into workload records this way).
    ///
    /// The API calls ``committed`` after each create, replace, patch, scale and delete of the
    /// object itself (not `/status`, not the controller's writes). A thrown ``KubeStatusError`` is
    /// the answer; the hook undoes the write when it must. The strings it returns are sent as
    /// `Warning` headers.
    public struct Translation: Sendable {
        /// Runs after a committed write.
        public var committed: @Sendable (_ write: CommittedWrite) async throws -> [String]

        /// Creates a hook.
        public init(committed: @escaping @Sendable (_ write: CommittedWrite) async throws -> [String]) {
            self.committed = committed
        }
    }

    /// One committed write, as a ``Translation`` hook sees it.
    public struct CommittedWrite: Sendable {
        /// What the write did.
        public enum Change: Sendable, Equatable {
            /// The object is new.
            case created
            /// The object changed (or was written unchanged).
            case updated
            /// The object is gone.
            case deleted
        }

        /// The kind written.
        public var kind: ResourceKind
        /// The namespace.
        public var namespace: String
        /// The name.
        public var name: String
        /// The object as stored (for a delete, its last state).
        public var object: JSONValue
        /// What the write did.
        public var change: Change
        /// The bearer token of the request, if any.
        public var bearerToken: String?
        /// The request's method and path, as an audit trail records them.
        public var method: String
        /// The request's path.
        public var path: String
        /// The request's `User-Agent`.
        public var userAgent: String?

        /// Creates a write.
        public init(
            kind: ResourceKind,
            namespace: String,
            name: String,
            object: JSONValue,
            change: Change,
            bearerToken: String?,
            method: String = "",
            path: String = "",
            userAgent: String? = nil
        ) {
            self.kind = kind
            self.namespace = namespace
            self.name = name
            self.object = object
            self.change = change
            self.bearerToken = bearerToken
            self.method = method
            self.path = path
            self.userAgent = userAgent
        }
    }

    /// This registration with `admission` run after its own, and with a translation hook.
    public func translated(admission extra: Admission? = nil, translation: Translation?) -> ResourceKind {
        var kind = self
        if let extra {
            let base = admission.admit
            kind.admission = Admission { old, new throws(KubeStatusError) in try extra.admit(old, try base(old, new)) }
        }
        kind.translation = translation
        return kind
    }
}
