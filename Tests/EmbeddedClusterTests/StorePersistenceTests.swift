import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import Testing

@testable import EmbeddedCluster

@Suite(.timeLimit(.minutes(1)))
struct StorePersistenceTests {
    @Test func objectsAndHistorySurviveAGatewayRestart() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appending(path: "gateway.sqlite").path
        let (created, versionBeforeRestart) = try await {
            let database = try GatewayDatabase.open(at: path)
            try database.migrate()
            let store = ClusterStore(database: database)
            let created = try await store.create(namespace: "ns1", object: workload("demo", finalizers: ["example.com/keep"]))
            _ = try await store.create(namespace: "ns1", object: workload("other"))
            return (created, try await store.currentResourceVersion())
        }()

        let reopened = try GatewayDatabase.open(at: path)
        #expect(try reopened.migrate().isEmpty)
        #expect(try reopened.pragma("journal_mode") == "wal")
        let store = ClusterStore(database: reopened)
        #expect(try await store.get(namespace: "ns1", name: "demo") == created)
        #expect(try await store.currentResourceVersion() == versionBeforeRestart)
        // A watcher resuming with its last resourceVersion sees what happened before the restart.
        let watch = try await store.watch(WatchRequest(namespace: "ns1", resourceVersion: created.resourceVersion))
        let next = try await store.create(namespace: "ns1", object: workload("third"))
        #expect(Int64(next.resourceVersion ?? "") == Int64(versionBeforeRestart)! + 1)
        var iterator = watch.makeAsyncIterator()
        let events = await nextEvents(&iterator, 2)
        #expect(events.map { $0.object().name } == ["other", "third"])
        watch.stop()
        // Deletion with finalizers completes after the restart.
        guard case .terminating = try await store.delete(namespace: "ns1", name: "demo") else {
            Issue.record("expected the object to wait for its finalizer")
            return
        }
        _ = try await store.patch(namespace: "ns1", name: "demo", type: .merge, body: Data(#"{"metadata":{"finalizers":null}}"#.utf8))
        await expectStatus(404, "NotFound") { _ = try await store.get(namespace: "ns1", name: "demo") }
    }

    @Test func concurrentWritersGetDistinctVersionsAndWatchersSeeThemInOrder() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try GatewayDatabase.open(at: directory.appending(path: "gateway.sqlite").path)
        try database.migrate()
        let store = ClusterStore(database: database)
        let watch = try await store.watch(WatchRequest(resourceVersion: try await store.currentResourceVersion()))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask { _ = try await store.create(namespace: "ns\(index % 4)", object: workload("w\(index)")) }
            }
            try await group.waitForAll()
        }
        var iterator = watch.makeAsyncIterator()
        let events = await nextEvents(&iterator, 40)
        let versions = events.compactMap(\.resourceVersion).compactMap { Int64($0) }
        #expect(versions.count == 40)
        #expect(versions == versions.sorted())
        #expect(Set(versions).count == 40)
        #expect(try await store.list(namespace: nil).items.count == 40)
        watch.stop()
    }
}
