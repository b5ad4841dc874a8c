import Foundation
import GatewayCore
import Testing

@testable import EmbeddedCluster

@Suite(.timeLimit(.minutes(1)))
struct StoreWatchTests {
    @Test func watchWithoutAResourceVersionStartsWithTheCurrentObjects() async throws {
        let store = try makeStore()
        _ = try await store.create(namespace: "ns1", object: workload("a"))
        _ = try await store.create(namespace: "ns2", object: workload("b"))
        let watch = try await store.watch(WatchRequest(namespace: "ns1"))
        _ = try await store.create(namespace: "ns1", object: workload("c"))
        _ = try await store.create(namespace: "ns2", object: workload("d"))
        _ = try await store.delete(namespace: "ns1", name: "a")
        var iterator = watch.makeAsyncIterator()
        let events = await nextEvents(&iterator, 3)
        #expect(events.map(\.type) == ["ADDED", "ADDED", "DELETED"])
        #expect(events.map { $0.object()["metadata"]?["name"]?.stringValue } == ["a", "c", "a"])
        watch.stop()
        #expect(await iterator.next() == nil)
    }

    @Test func concurrentWritesSharingCommitsReachWatchersOnceInOrderAndRefusedOnesNever() async throws {
        let store = try makeStore()
        let watch = try await store.watch(WatchRequest(namespace: "ns1", resourceVersion: try await store.currentResourceVersion()))
        // Every name twice: one create of each pair is refused (AlreadyExists) inside a shared commit.
        let refused = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<40 {
                group.addTask {
                    do {
                        _ = try await store.create(namespace: "ns1", object: workload("w\(index % 20)"))
                        return false
                    } catch let error as KubeStatusError where error.code == 409 {
                        return true
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(refused == 20)
        _ = try await store.create(namespace: "ns1", object: workload("last"))
        var iterator = watch.makeAsyncIterator()
        let events = await nextEvents(&iterator, 21)
        let names = events.compactMap { $0.object()["metadata"]?["name"]?.stringValue }
        #expect(events.allSatisfy { $0.type == "ADDED" })
        #expect(names.last == "last")
        #expect(Set(names.dropLast()) == Set((0..<20).map { "w\($0)" }))
        let versions = events.compactMap(\.resourceVersion).compactMap { Int64($0) }
        #expect(versions == versions.sorted() && Set(versions).count == 21)
        watch.stop()
    }

    @Test func aStoreWithMoreObjectsThanTheBacklogStillStartsWatchesWithEveryObject() async throws {
        let store = try makeStore()
        let count = ClusterWatch.maximumBacklog + 5
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask { _ = try await store.create(namespace: "ns1", object: workload("o\(index)")) }
            }
            try await group.waitForAll()
        }
        let watch = try await store.watch(WatchRequest())
        _ = try await store.create(namespace: "ns1", object: workload("live"))
        var iterator = watch.makeAsyncIterator()
        let events = await nextEvents(&iterator, count + 1)
        #expect(events.count == count + 1)
        #expect(events.allSatisfy { $0.type == "ADDED" })
        #expect(events.last?.object()["metadata"]?["name"]?.stringValue == "live")
        watch.stop()
    }

    @Test func watchFromAResourceVersionReplaysLaterChangesThenGoesLive() async throws {
        let store = try makeStore()
        let start = try await store.currentResourceVersion()
        _ = try await store.create(namespace: "ns1", object: workload("a"))
        _ = try await store.patch(namespace: "ns1", name: "a", type: .merge, body: Data(#"{"spec":{"x":1}}"#.utf8))
        let watch = try await store.watch(WatchRequest(resourceVersion: start))
        let deleted = try await store.delete(namespace: "ns1", name: "a")
        var iterator = watch.makeAsyncIterator()
        let events = await nextEvents(&iterator, 3)
        #expect(events.map(\.type) == ["ADDED", "MODIFIED", "DELETED"])
        let versions = events.compactMap(\.resourceVersion).compactMap { Int64($0) }
        #expect(versions == versions.sorted())
        #expect(Set(versions).count == 3)
        if case .deleted(let last) = deleted {
            #expect(events.last?.resourceVersion == last.resourceVersion)
        } else {
            Issue.record("expected a deletion")
        }
        watch.stop()
    }

    @Test func aTooOldResourceVersionGetsOneExpiredErrorEvent() async throws {
        let store = try makeStore(historyLimit: 3)
        for name in ["a", "b", "c", "d", "e"] { _ = try await store.create(namespace: "ns1", object: workload(name)) }
        let oldest = try await store.oldestWatchableResourceVersion()
        let watch = try await store.watch(WatchRequest(resourceVersion: "2"))
        var iterator = watch.makeAsyncIterator()
        let event = await iterator.next()
        let expected: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string("too old resource version: 2 (\(oldest))"), "reason": "Expired", "code": 410,
        ]
        #expect(event?.frame() == ["type": "ERROR", "object": expected])
        #expect(await iterator.next() == nil)
        // The newest history still works.
        let recent = try await store.watch(WatchRequest(resourceVersion: String(oldest)))
        var recentIterator = recent.makeAsyncIterator()
        #expect(await nextEvents(&recentIterator, 3).map(\.type) == ["ADDED", "ADDED", "ADDED"])
        recent.stop()
    }

    @Test func labelSelectorEntryAndExitBecomeAddedAndDeleted() async throws {
        let store = try makeStore()
        _ = try await store.create(namespace: "ns1", object: workload("a", labels: ["tier": "gold"]))
        let watch = try await store.watch(
            WatchRequest(namespace: "ns1", resourceVersion: try await store.currentResourceVersion(), labelSelector: "tier=gold")
        )
        let left = try await store.patch(namespace: "ns1", name: "a", type: .merge, body: Data(#"{"metadata":{"labels":{"tier":"silver"}}}"#.utf8))
        _ = try await store.patch(namespace: "ns1", name: "a", type: .merge, body: Data(#"{"spec":{"ignored":true}}"#.utf8))
        _ = try await store.patch(namespace: "ns1", name: "a", type: .merge, body: Data(#"{"metadata":{"labels":{"tier":"gold"}}}"#.utf8))
        var iterator = watch.makeAsyncIterator()
        let events = await nextEvents(&iterator, 2)
        #expect(events.map(\.type) == ["DELETED", "ADDED"])
        if case .deleted(let last) = events.first {
            #expect(last[path: ["metadata", "labels", "tier"]] == "gold")
            #expect(last.resourceVersion == left.object.resourceVersion)
        }
        watch.stop()
    }

    @Test func bookmarksCarryTheVersionTheWatchCaughtUpTo() async throws {
        let store = try makeStore()
        let watch = try await store.watch(
            WatchRequest(namespace: "ns1", resourceVersion: try await store.currentResourceVersion(), allowBookmarks: true)
        )
        let other = try await store.create(namespace: "ns2", object: workload("elsewhere"))
        watch.requestBookmark()
        var iterator = watch.makeAsyncIterator()
        let bookmark = await iterator.next()
        #expect(bookmark == .bookmark(resourceVersion: try #require(other.resourceVersion), initialEventsEnd: false))
        #expect(
            bookmark?.frame()
                == [
                    "type": "BOOKMARK",
                    "object": [
                        "kind": "InferenceWorkload", "apiVersion": "run.ai/v2alpha1",
                        "metadata": ["resourceVersion": .string(other.resourceVersion ?? "")],
                    ],
                ]
        )
        let quiet = try await store.watch(WatchRequest(namespace: "ns1", resourceVersion: other.resourceVersion))
        quiet.requestBookmark()
        quiet.stop()
        var quietIterator = quiet.makeAsyncIterator()
        #expect(await quietIterator.next() == nil)
        watch.stop()
    }

    @Test func sendInitialEventsEndsTheInitialStateWithAMarkedBookmark() async throws {
        let store = try makeStore()
        _ = try await store.create(namespace: "ns1", object: workload("a"))
        let b = try await store.create(namespace: "ns1", object: workload("b"))
        let watch = try await store.watch(
            WatchRequest(namespace: "ns1", resourceVersionMatch: "NotOlderThan", allowBookmarks: true, sendInitialEvents: true)
        )
        _ = try await store.create(namespace: "ns1", object: workload("c"))
        var iterator = watch.makeAsyncIterator()
        let events = await nextEvents(&iterator, 4)
        #expect(events.map(\.type) == ["ADDED", "ADDED", "BOOKMARK", "ADDED"])
        #expect(events[2] == .bookmark(resourceVersion: try #require(b.resourceVersion), initialEventsEnd: true))
        #expect(events[2].object()[path: ["metadata", "annotations", "k8s.io/initial-events-end"]] == "true")
        watch.stop()
    }

    @Test func watchOptionsTheApiserverRejectsAreInvalid() async throws {
        let store = try makeStore()
        let noMatch = await expectStatus(422, "Invalid") {
            _ = try await store.watch(WatchRequest(allowBookmarks: true, sendInitialEvents: true))
        }
        #expect(noMatch?.details?.causes.map(\.field) == ["resourceVersionMatch"])
        let noBookmarks = await expectStatus(422, "Invalid") {
            _ = try await store.watch(WatchRequest(resourceVersionMatch: "NotOlderThan", sendInitialEvents: true))
        }
        #expect(noBookmarks?.details?.causes.map(\.field) == ["allowWatchBookmarks"])
        await expectStatus(422, "Invalid") { _ = try await store.watch(WatchRequest(resourceVersionMatch: "NotOlderThan")) }
        await expectStatus(400, "BadRequest") { _ = try await store.watch(WatchRequest(resourceVersion: "abc")) }
        await expectStatus(400, "BadRequest") { _ = try await store.watch(WatchRequest(fieldSelector: "spec.image=x")) }
        #expect(store.hub.count == 0)
    }

    @Test func aFieldSelectorWatchSeesOnlyThatObjectAsKubectlDeleteWaits() async throws {
        let store = try makeStore()
        _ = try await store.create(namespace: "ns1", object: workload("demo", finalizers: ["example.com/keep"]))
        _ = try await store.create(namespace: "ns1", object: workload("other"))
        let list = try await store.list(namespace: "ns1", fieldSelector: "metadata.name=demo", limit: 500)
        #expect(list.items.map(\.name) == ["demo"])
        let watch = try await store.watch(
            WatchRequest(namespace: "ns1", resourceVersion: list.resourceVersion, fieldSelector: "metadata.name=demo", allowBookmarks: true)
        )
        _ = try await store.delete(namespace: "ns1", name: "other")
        _ = try await store.delete(namespace: "ns1", name: "demo")
        _ = try await store.patch(namespace: "ns1", name: "demo", type: .merge, body: Data(#"{"metadata":{"finalizers":[]}}"#.utf8))
        var iterator = watch.makeAsyncIterator()
        #expect(await nextEvents(&iterator, 2).map(\.type) == ["MODIFIED", "DELETED"])
        watch.stop()
    }

    @Test func stoppedWatchesLeaveTheHub() async throws {
        let store = try makeStore()
        let watch = try await store.watch(WatchRequest())
        #expect(store.hub.count == 1)
        watch.stop()
        #expect(store.hub.count == 0)
    }
}
