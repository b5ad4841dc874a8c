import Foundation
import GatewayCore

/// A stored answer to a request sent with an `Idempotency-Key`.
public struct IdempotencyRecord: Sendable, Equatable {
    /// Who sent the key; keys of different callers never collide.
    public var principal: String
    /// The key as sent.
    public var key: String
    /// A hash of the request (method, path, body); the same key with another request is refused.
    public var requestHash: String
    /// The status code answered.
    public var responseStatus: Int
    /// The body answered.
    public var responseBody: String
    /// The workload the request created, if any.
    public var workloadID: String?
    /// When the answer was stored.
    public var createdAt: Date

    /// Creates a record.
    public init(
        principal: String,
        key: String,
        requestHash: String,
        responseStatus: Int,
        responseBody: String,
        workloadID: String?,
        createdAt: Date
    ) {
        self.principal = principal
        self.key = key
        self.requestHash = requestHash
        self.responseStatus = responseStatus
        self.responseBody = responseBody
        self.workloadID = workloadID
        self.createdAt = createdAt
    }
}

/// Workload records, with their outbox entries written in the same transaction.
///
/// Every change that must reach the cluster commits its record and its outbox entry together:
/// once a method returns, neither can be lost.
public protocol WorkloadRepository: Sendable {
    /// Stores a new workload and its `apply` outbox entry in one transaction; also the project
    /// when `project` is given and not stored yet, and the idempotency answer when given.
    /// - Throws: ``StoreError`` with code `alreadyExists` when a live workload of the
    ///   project has the same name; nothing is written then.
    func create(_ workload: Workload, project: Project?, idempotency: IdempotencyRecord?) async throws

    /// The live (not deleted) workload of a project with this name.
    func find(project: String, name: String) async throws -> Workload?

    /// The workload with this id, deleted or not.
    func find(id: String) async throws -> Workload?

    /// The workloads, deleted or not, whose object is `namespace/name` in the cluster, newest
    /// first (at most `limit`): what status sync matches an object it sees against, by the
    /// namespace, name and uid that identify it, never by a label a client can set.
    func objectHistory(namespace: String, name: String, limit: Int) async throws -> [Workload]

    /// The names of a project's live workloads (cheaper than listing them).
    func names(project: String) async throws -> Set<String>

    /// Live workloads, oldest first; of one project, or of all when `project` is `nil`.
    func list(project: String?) async throws -> [Workload]

    /// Marks a live workload deleted and queues the `delete` push, in one transaction.
    /// - Returns: the updated workload, or `nil` when no live workload has this name.
    func delete(project: String, name: String, at date: Date) async throws -> Workload?

    /// Changes a workload in place (status sync); bumps its revision when anything changed.
    /// - Returns: the updated workload, or `nil` when there is none with this id.
    @discardableResult
    func update(id: String, _ change: @Sendable (inout Workload) -> Void) async throws -> Workload?

    /// Queues a fresh `apply` of the workload's desired object (healing drift), in one
    /// transaction with marking it `pending`.
    func enqueueApply(id: String, at date: Date) async throws

    /// Withdraws a workload whose submit was refused by the cluster while the caller waited:
    /// it is marked deleted (its name is free again) and keeps the error.
    func discard(id: String, error: String, at date: Date) async throws
}

/// The outbox of pending pushes.
public protocol OutboxRepository: Sendable {
    /// Pending entries whose time has come, at most one per workload (its oldest), in id order.
    func due(at date: Date, limit: Int) async throws -> [OutboxEntry]

    /// The entry with this id.
    func find(id: Int64) async throws -> OutboxEntry?

    /// Marks an entry pushed and records what the cluster answered on its workload.
    func complete(id: Int64, clusterUID: String?, resourceVersion: String?, at date: Date) async throws

    /// Records a failed attempt and when to try again.
    func retry(id: Int64, error: String, nextAttemptAt: Date) async throws

    /// Gives an entry up: its workload shows the error and sync state `failed`.
    func fail(id: Int64, error: String, at date: Date) async throws

    /// The number of pending entries.
    func pendingCount() async throws -> Int

    /// Makes every pending entry due now (the cluster is reachable again).
    /// - Returns: how many entries were made due.
    @discardableResult
    func expedite(at date: Date) async throws -> Int
}

/// The audit log of legacy calls.
public protocol AuditLogRepository: Sendable {
    /// Appends entries, in one transaction.
    func record(_ entries: [AuditEntry]) async throws

    /// The latest entries, newest first.
    func recent(limit: Int) async throws -> [AuditEntry]
}

/// Projects known to the gateway.
public protocol ProjectRepository: Sendable {
    /// All projects, by name.
    func list() async throws -> [Project]

    /// The project with this name.
    func find(name: String) async throws -> Project?

    /// Stores projects from configuration, replacing configured ones of the same name.
    func upsert(_ projects: [Project]) async throws
}

/// Stored answers to requests with an `Idempotency-Key`.
public protocol IdempotencyRepository: Sendable {
    /// The stored answer for a caller's key.
    func find(principal: String, key: String) async throws -> IdempotencyRecord?

    /// Forgets answers stored before `date`.
    func prune(before date: Date) async throws -> Int
}
