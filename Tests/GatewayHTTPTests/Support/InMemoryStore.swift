import Foundation
import GatewayCore
import GatewayPersistence

/// The store's repositories in memory, for use-case tests: workloads, their pending pushes,
/// projects and idempotency answers, each write atomic as one SQLite transaction is.
///
/// ``raceForName(_:)`` makes a name look free to ``names(project:)`` until a create collides
/// with it, as when a concurrent submit takes it between the two calls.
actor InMemoryStore: WorkloadRepository, IdempotencyRepository, ProjectRepository {
    private(set) var workloads: [Workload] = []
    private(set) var projects: [String: Project] = [:]
    private(set) var answers: [String: IdempotencyRecord] = [:]
    /// Pushes queued, in order: the operation and the workload id.
    private(set) var queued: [(operation: String, workloadID: String)] = []
    private var racedNames: Set<String> = []

    /// Makes `name` taken behind the caller's back: invisible to ``names(project:)``, refused by the next create.
    func raceForName(_ name: String) {
        racedNames.insert(name)
    }

    /// Stores an answer as a concurrent submit would have.
    func store(_ record: IdempotencyRecord) {
        answers[Self.key(record.principal, record.key)] = record
    }

    private static func key(_ principal: String, _ key: String) -> String { "\(principal)\u{0}\(key)" }

    // MARK: WorkloadRepository

    func create(_ workload: Workload, project: Project?, idempotency: IdempotencyRecord?) async throws {
        if racedNames.remove(workload.name) != nil {
            var other = workload
            other.id = UUID().uuidString
            workloads.append(other)
            throw StoreError(.alreadyExists, "\(workload.name) exists")
        }
        if workloads.contains(where: { $0.project == workload.project && $0.name == workload.name && $0.deletedAt == nil }) {
            throw StoreError(.alreadyExists, "\(workload.name) exists")
        }
        if let idempotency, answers[Self.key(idempotency.principal, idempotency.key)] != nil {
            throw StoreError(.conflict, "UNIQUE constraint failed: idempotency_keys")
        }
        if let project, projects[project.name] == nil { projects[project.name] = project }
        if let idempotency { answers[Self.key(idempotency.principal, idempotency.key)] = idempotency }
        workloads.append(workload)
        queued.append(("apply", workload.id))
    }

    func find(project: String, name: String) async throws -> Workload? {
        workloads.first { $0.project == project && $0.name == name && $0.deletedAt == nil }
    }

    func find(id: String) async throws -> Workload? {
        workloads.first { $0.id == id }
    }

    func objectHistory(namespace: String, name: String, limit: Int) async throws -> [Workload] {
        Array(workloads.filter { $0.namespace == namespace && $0.name == name }.reversed().prefix(limit))
    }

    func names(project: String) async throws -> Set<String> {
        Set(workloads.filter { $0.project == project && $0.deletedAt == nil }.map(\.name))
    }

    func list(project: String?) async throws -> [Workload] {
        workloads.filter { $0.deletedAt == nil && (project == nil || $0.project == project) }
    }

    func delete(project: String, name: String, at date: Date) async throws -> Workload? {
        guard let index = workloads.firstIndex(where: { $0.project == project && $0.name == name && $0.deletedAt == nil }) else {
            return nil
        }
        workloads[index].desiredState = .absent
        workloads[index].deletedAt = date
        workloads[index].syncState = .pending
        queued.append(("delete", workloads[index].id))
        return workloads[index]
    }

    @discardableResult
    func update(id: String, _ change: @Sendable (inout Workload) -> Void) async throws -> Workload? {
        guard let index = workloads.firstIndex(where: { $0.id == id }) else { return nil }
        change(&workloads[index])
        return workloads[index]
    }

    func enqueueApply(id: String, at date: Date) async throws {
        guard let index = workloads.firstIndex(where: { $0.id == id && $0.deletedAt == nil }) else { return }
        workloads[index].syncState = .pending
        queued.append(("apply", id))
    }

    func discard(id: String, error: String, at date: Date) async throws {
        guard let index = workloads.firstIndex(where: { $0.id == id }) else { return }
        workloads[index].status = "Failed"
        workloads[index].syncState = .failed
        workloads[index].desiredState = .absent
        workloads[index].lastError = error
        workloads[index].deletedAt = workloads[index].deletedAt ?? date
        queued.removeAll { $0.workloadID == id }
        // The caller was told the submit failed: a retry with the same key must not replay success.
        answers = answers.filter { $0.value.workloadID != id }
    }

    // MARK: IdempotencyRepository

    func find(principal: String, key: String) async throws -> IdempotencyRecord? {
        answers[Self.key(principal, key)]
    }

    func prune(before date: Date) async throws -> Int {
        let old = answers.filter { $0.value.createdAt < date }.keys
        for key in old { answers.removeValue(forKey: key) }
        return old.count
    }

    // MARK: ProjectRepository

    func list() async throws -> [Project] {
        projects.values.sorted { $0.name < $1.name }
    }

    func find(name: String) async throws -> Project? {
        projects[name]
    }

    func upsert(_ list: [Project]) async throws {
        for project in list { projects[project.name] = project }
    }
}
