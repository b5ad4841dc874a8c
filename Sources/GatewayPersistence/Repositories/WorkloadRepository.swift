import Foundation
import GatewayCore

/// Workload records, with their outbox entries written in the same transaction.
///
/// Every change that must reach the cluster commits its record and its outbox entry together:
/// once a method returns, neither can be lost.
///
/// Callers announce nothing: the store's ``StoreChangeFeed`` moves once a write committed (the
/// workloads revision for every changed record, the outbox's for every queued push).
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
