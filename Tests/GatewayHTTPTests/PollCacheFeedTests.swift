import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import Testing

@testable import GatewayHTTP

/// Poll answers follow the store's workloads revision: rebuilt after a committed workload change,
/// reused across everything else.
@Suite struct PollCacheFeedTests {
    @Test func aPollIsRebuiltOnlyAfterACommittedWorkloadChange() async throws {
        let database = try makeMigratedDatabase()
        let cache = PollCache(feed: database.changes)
        let builds = PollCacheTests.Builds()
        let build = { (body: Data(#"{"data":[\#(await builds.next())]}"#.utf8), successor: SuccessorTarget.namespace("runai-team-a")) }
        let workloads = SQLiteWorkloadRepository(database: database)
        let now = Date(millisecondsSince1970: Date().millisecondsSince1970)
        let workload = Workload(
            id: UUID().uuidString.lowercased(),
            project: "team-a",
            name: "polled",
            namespace: "runai-team-a",
            username: "john",
            legacyRequest: "{}",
            desiredObject: "{}",
            createdAt: now,
            updatedAt: now
        )
        let project = Project(name: "team-a", namespace: "runai-team-a", origin: .automatic, createdAt: now)

        let first = try await cache.answer(for: "p1:team-a", build: build)
        // The audit log is no workload change.
        try await SQLiteAuditLogRepository(database: database).record([
            AuditEntry(at: now, principal: "alice", method: "GET", path: "/api/v1/jobs", status: 200)
        ])
        #expect(try await cache.answer(for: "p1:team-a", build: build).tag == first.tag)
        #expect(await builds.count == 1)

        // A submit, through a repository nobody handed the cache, is seen on the next poll.
        try await workloads.create(workload, project: project, idempotency: nil)
        let second = try await cache.answer(for: "p1:team-a", build: build)
        #expect(await builds.count == 2)
        #expect(second.tag != first.tag)

        // Status sync recording what it already recorded keeps the answer.
        try await workloads.update(id: workload.id) { $0.status = "Running" }
        _ = try await cache.answer(for: "p1:team-a", build: build)
        #expect(await builds.count == 3)
        try await workloads.update(id: workload.id) { $0.status = "Running" }
        #expect(try await cache.answer(for: "p1:team-a", build: build).tag == PollCache.tag(of: Data(#"{"data":[3]}"#.utf8)))
        #expect(await builds.count == 3)
    }
}
