import Foundation
import GatewayCore
import Testing

@testable import EmbeddedCluster

@Suite(.timeLimit(.minutes(1)))
struct StoreListTests {
    @Test func listIsOrderedByNamespaceThenNameAndFiltered() async throws {
        let store = try makeStore()
        _ = try await store.create(namespace: "b", object: workload("x", labels: ["app": "one"]))
        _ = try await store.create(namespace: "a", object: workload("y", labels: ["app": "two"]))
        _ = try await store.create(namespace: "a", object: workload("x", labels: ["app": "one"]))
        let all = try await store.list(namespace: nil)
        #expect(all.items.map { "\($0[path: ["metadata", "namespace"]]?.stringValue ?? "")/\($0.name ?? "")" } == ["a/x", "a/y", "b/x"])
        #expect(all.resourceVersion == (try await store.currentResourceVersion()))
        #expect(all.continueToken == nil)
        #expect(try await store.list(namespace: "a").items.count == 2)
        #expect(try await store.list(namespace: nil, labelSelector: "app=one").items.count == 2)
        #expect(try await store.list(namespace: nil, fieldSelector: "metadata.name=x").items.count == 2)
        #expect(
            try await store.list(namespace: "a", labelSelector: "app notin (one)", fieldSelector: "metadata.namespace=a").items.map(\.name) == ["y"]
        )
        let body = all.json()
        #expect(body["kind"] == "InferenceWorkloadList")
        #expect(body["apiVersion"] == "run.ai/v2alpha1")
        #expect(all.json(apiVersion: "run.ai/v1alpha1")["items"]?[0]?["apiVersion"] == "run.ai/v1alpha1")
    }

    @Test func pagesWithLimitAndContinueAreConsistentAtTheFirstPagesVersion() async throws {
        let store = try makeStore()
        for name in ["a", "b", "c", "d", "e"] { _ = try await store.create(namespace: "ns1", object: workload(name)) }
        let first = try await store.list(namespace: "ns1", limit: 2)
        #expect(first.items.map(\.name) == ["a", "b"])
        #expect(first.remainingItemCount == 3)
        let token = try #require(first.continueToken)
        // Changes after the first page do not show on later pages.
        _ = try await store.delete(namespace: "ns1", name: "c")
        _ = try await store.create(namespace: "ns1", object: workload("cc"))
        _ = try await store.patch(namespace: "ns1", name: "d", type: .merge, body: Data(#"{"spec":{"changed":true}}"#.utf8))
        let second = try await store.list(namespace: "ns1", limit: 2, continueToken: token)
        #expect(second.items.map(\.name) == ["c", "d"])
        #expect(second.items.last?[path: ["spec", "changed"]] == nil)
        #expect(second.resourceVersion == first.resourceVersion)
        let third = try await store.list(namespace: "ns1", limit: 2, continueToken: try #require(second.continueToken))
        #expect(third.items.map(\.name) == ["e"])
        #expect(third.continueToken == nil)
    }

    @Test func aContinueTokenOlderThanTheHistoryIsExpired() async throws {
        let store = try makeStore(historyLimit: 2)
        for name in ["a", "b", "c"] { _ = try await store.create(namespace: "ns1", object: workload(name)) }
        let first = try await store.list(namespace: "ns1", limit: 1)
        for name in ["d", "e", "f"] { _ = try await store.create(namespace: "ns1", object: workload(name)) }
        let error = await expectStatus(410, "Expired") {
            _ = try await store.list(namespace: "ns1", limit: 1, continueToken: first.continueToken)
        }
        #expect(error?.message.hasPrefix("The provided continue parameter is too old") == true)
        await expectStatus(400, "BadRequest") { _ = try await store.list(namespace: "ns1", limit: 1, continueToken: "garbage") }
    }

    @Test func selectorErrorsAreBadRequests() async throws {
        let store = try makeStore()
        let error = await expectStatus(400, "BadRequest") { _ = try await store.list(namespace: nil, fieldSelector: "spec.x=1") }
        #expect(error?.message == #""spec.x" is not a known field selector: only "metadata.name", "metadata.namespace""#)
        await expectStatus(400, "BadRequest") { _ = try await store.list(namespace: nil, labelSelector: "a in (") }
    }
}
