import Foundation
import GatewayCore

/// The outbox of pending pushes.
///
/// Its entries are queued by ``WorkloadRepository``'s writes; the store's ``StoreChangeFeed`` says
/// when one was queued or made due.
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
