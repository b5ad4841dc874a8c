/// Who is calling the legacy API, and which projects they may touch.
public struct Principal: Sendable, Equatable {
    /// The projects a caller may touch.
    public enum Scope: Sendable, Equatable {
        /// Every project (unauthenticated mode, or a token listing `*`).
        case allProjects
        /// Only these projects.
        case projects(Set<String>)
    }

    /// The user the audit log records: the token's user, or `anonymous`.
    public var user: String
    /// The user shown on workloads: the token's user, or `RA-USER` in unauthenticated mode.
    public var displayUser: String?
    /// The projects the caller may touch.
    public var scope: Scope
    /// Whether the caller presented a valid bearer token.
    public var isAuthenticated: Bool

    /// Creates a principal.
    public init(user: String, displayUser: String?, scope: Scope, isAuthenticated: Bool) {
        self.user = user
        self.displayUser = displayUser
        self.scope = scope
        self.isAuthenticated = isAuthenticated
    }

    /// The caller of the legacy unauthenticated mode, shown as `displayUser` (from `RA-USER`).
    public static func anonymous(displayUser: String?) -> Principal {
        Principal(user: anonymousUser, displayUser: displayUser, scope: .allProjects, isAuthenticated: false)
    }

    /// The audit log's name for unauthenticated callers.
    public static let anonymousUser = "anonymous"

    /// Whether the caller may touch `project`.
    public func allows(project: String) -> Bool {
        switch scope {
        case .allProjects: true
        case .projects(let names): names.contains(project)
        }
    }
}
