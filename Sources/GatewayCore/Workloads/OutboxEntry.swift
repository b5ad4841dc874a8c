import Foundation

/// A pending push to Kubernetes, committed in the same transaction as the change it carries.
public struct OutboxEntry: Sendable, Equatable, Identifiable {
    /// What the push does.
    public enum Operation: String, Sendable, Codable {
        /// Create or update the object (server-side apply).
        case apply
        /// Delete the object.
        case delete
    }

    /// Where the entry stands.
    public enum State: String, Sendable, Codable {
        case pending
        case done
        case failed
    }

    /// Increasing id: entries of one workload are pushed in this order.
    public var id: Int64
    /// The workload the push belongs to.
    public var workloadID: String
    /// What the push does.
    public var operation: Operation
    /// The JSON document to push (the object for `apply`, its reference for `delete`).
    public var payload: String
    /// Where the entry stands.
    public var state: State
    /// Attempts made so far.
    public var attempts: Int
    /// The earliest time of the next attempt.
    public var nextAttemptAt: Date
    /// The last error met, if any.
    public var lastError: String?
    /// When the entry was written.
    public var createdAt: Date
    /// When the entry was done or given up.
    public var completedAt: Date?

    /// Creates an outbox entry.
    public init(
        id: Int64,
        workloadID: String,
        operation: Operation,
        payload: String,
        state: State = .pending,
        attempts: Int = 0,
        nextAttemptAt: Date,
        lastError: String? = nil,
        createdAt: Date,
        completedAt: Date? = nil
    ) {
        self.id = id
        self.workloadID = workloadID
        self.operation = operation
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.completedAt = completedAt
    }
}

/// One legacy call, as written to the audit log.
public struct AuditEntry: Sendable, Equatable {
    /// When the call was answered.
    public var at: Date
    /// Who called: the token's user, or `anonymous`.
    public var principal: String
    /// The display user given with `RA-USER`, if any.
    public var displayUser: String?
    /// The HTTP method.
    public var method: String
    /// The request path.
    public var path: String
    /// The response status code.
    public var status: Int
    /// The request id.
    public var requestID: String?
    /// The project the call touched, if any.
    public var project: String?
    /// The workload the call touched, if any.
    public var workload: String?
    /// The caller's `User-Agent`.
    public var userAgent: String?
    /// The legacy endpoint called (`submit`, `getJob`, …), counted in the daily usage rollups; `nil`
    /// writes no rollup.
    public var endpoint: String?
    /// Who called, as the usage rollups name clients (token user, else `RA-USER`, else user agent
    /// and remote address).
    public var client: String?

    /// Creates an audit entry.
    public init(
        at: Date,
        principal: String,
        displayUser: String? = nil,
        method: String,
        path: String,
        status: Int,
        requestID: String? = nil,
        project: String? = nil,
        workload: String? = nil,
        userAgent: String? = nil,
        endpoint: String? = nil,
        client: String? = nil
    ) {
        self.at = at
        self.principal = principal
        self.displayUser = displayUser
        self.method = method
        self.path = path
        self.status = status
        self.requestID = requestID
        self.project = project
        self.workload = workload
        self.userAgent = userAgent
        self.endpoint = endpoint
        self.client = client
    }
}
