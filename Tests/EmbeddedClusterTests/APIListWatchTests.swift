import EmbeddedCluster
import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct APIListWatchTests {
    /// The events of a watch response body: one compact JSON object per line.
    static func events(_ response: TestResponse) throws -> [JSONValue] {
        let text = String(buffer: response.body)
        #expect(text.isEmpty || text.hasSuffix("\n"))
        return try text.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
    }

    @Test func listsAreScopedToTheNamespaceOrClusterWide() async throws {
        try await withEmbeddedAPI { client, _ in
            try await kubeCreate(client, kubeWorkload("a"), namespace: "ns1")
            try await kubeCreate(client, kubeWorkload("b"), namespace: "ns2")
            let one = try responseJSON(try await client.execute(uri: collectionPath("ns1") + "?limit=500", method: .get))
            #expect(one["kind"] == "InferenceWorkloadList")
            #expect(one["apiVersion"] == "run.ai/v2alpha1")
            #expect(one["items"]?.arrayValue?.count == 1)
            #expect(one[path: ["metadata", "resourceVersion"]]?.stringValue?.isEmpty == false)

            let all = try responseJSON(try await client.execute(uri: collectionPath(nil), method: .get))
            #expect(all["items"]?.arrayValue?.compactMap { $0[path: ["metadata", "name"]]?.stringValue } == ["a", "b"])
        }
    }

    @Test func labelAndFieldSelectorsFilterAndUnknownFieldSelectorsAreBadRequest() async throws {
        try await withEmbeddedAPI { client, _ in
            try await kubeCreate(client, kubeWorkload("gold", labels: ["tier": "gold"]))
            try await kubeCreate(client, kubeWorkload("bronze", labels: ["tier": "bronze"]))
            let gold = try responseJSON(try await client.execute(uri: collectionPath() + "?labelSelector=tier%3Dgold", method: .get))
            #expect(gold["items"]?.arrayValue?.compactMap { $0[path: ["metadata", "name"]]?.stringValue } == ["gold"])

            let named = try responseJSON(try await client.execute(uri: collectionPath() + "?fieldSelector=metadata.name%3Dbronze", method: .get))
            #expect(named["items"]?.arrayValue?.compactMap { $0[path: ["metadata", "name"]]?.stringValue } == ["bronze"])

            let bad = try await client.execute(uri: collectionPath() + "?fieldSelector=spec.image%3Dx", method: .get)
            try expectKubeStatus(bad, 400, "BadRequest")
            try expectKubeStatus(try await client.execute(uri: collectionPath() + "?limit=many", method: .get), 400, "BadRequest")
        }
    }

    @Test func limitAndContinuePageThroughTheList() async throws {
        try await withEmbeddedAPI { client, _ in
            for name in ["a", "b", "c"] { try await kubeCreate(client, kubeWorkload(name)) }
            let first = try responseJSON(try await client.execute(uri: collectionPath() + "?limit=2", method: .get))
            #expect(first["items"]?.arrayValue?.count == 2)
            let token = try #require(first[path: ["metadata", "continue"]]?.stringValue)
            let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
            let second = try responseJSON(try await client.execute(uri: collectionPath() + "?limit=2&continue=\(encoded)", method: .get))
            #expect(second["items"]?.arrayValue?.compactMap { $0[path: ["metadata", "name"]]?.stringValue } == ["c"])
            #expect(second[path: ["metadata", "continue"]] == nil)
        }
    }

    @Test func aTableIsRenderedWhenKubectlAsksForOne() async throws {
        try await withEmbeddedAPI { client, _ in
            try await kubeCreate(client, kubeWorkload("demo"))
            let accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"
            let response = try await client.execute(uri: collectionPath() + "?limit=500", method: .get, headers: [.accept: accept])
            #expect(response.headers[.contentType] == "application/json;as=Table;v=v1;g=meta.k8s.io")
            let table = try responseJSON(response)
            #expect(table["kind"] == "Table")
            #expect(table["columnDefinitions"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Name", "Status", "Age"])
            let row = try #require(table["rows"]?[0])
            #expect(row["cells"]?[0] == "demo")
            #expect(row["cells"]?[2]?.stringValue?.hasSuffix("s") == true)
            #expect(row[path: ["object", "metadata", "namespace"]] == "ns1")

            let one = try await client.execute(uri: objectPath("demo"), method: .get, headers: [.accept: accept])
            #expect(one.headers[.contentType] == "application/json;as=Table;v=v1;g=meta.k8s.io")
            #expect(try responseJSON(one)["rows"]?.arrayValue?.count == 1)
        }
    }

    @Test func aWatchFromAResourceVersionStreamsTheChangesAfterItAsCompactLines() async throws {
        try await withEmbeddedAPI { client, _ in
            let start = try responseJSON(try await client.execute(uri: collectionPath(), method: .get))
            let version = try #require(start[path: ["metadata", "resourceVersion"]]?.stringValue)
            try await kubeCreate(client, kubeWorkload("demo"))
            _ = try await client.execute(
                uri: objectPath("demo"),
                method: .patch,
                headers: contentType("application/merge-patch+json"),
                body: requestBody(#"{"spec":{"minScale":{"value":2}}}"#)
            )
            _ = try await client.execute(uri: objectPath("demo"), method: .delete)

            let response = try await client.execute(uri: collectionPath() + "?watch=true&resourceVersion=\(version)&timeoutSeconds=1", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let events = try Self.events(response)
            #expect(events.compactMap { $0["type"]?.stringValue } == ["ADDED", "MODIFIED", "DELETED"])
            #expect(events.allSatisfy { $0[path: ["object", "apiVersion"]] == "run.ai/v2alpha1" })
            #expect(!String(buffer: response.body).contains("\n\n"))
        }
    }

    @Test func aWatchWithoutAResourceVersionStartsWithTheCurrentObjects() async throws {
        try await withEmbeddedAPI { client, _ in
            try await kubeCreate(client, kubeWorkload("a"))
            try await kubeCreate(client, kubeWorkload("b"), namespace: "ns2")
            let response = try await client.execute(uri: collectionPath(nil) + "?watch=1&timeoutSeconds=1", method: .get)
            let events = try Self.events(response)
            #expect(events.compactMap { $0["type"]?.stringValue } == ["ADDED", "ADDED"])
        }
    }

    @Test func aWatchFromAResourceVersionOlderThanTheHistoryGetsA410ErrorEvent() async throws {
        try await withEmbeddedAPI(storeConfiguration: .init(eventHistoryLimit: 2)) { client, _ in
            for name in ["a", "b", "c", "d"] { try await kubeCreate(client, kubeWorkload(name)) }
            let response = try await client.execute(uri: collectionPath() + "?watch=true&resourceVersion=1&timeoutSeconds=5", method: .get)
            #expect(response.status == .ok)
            let events = try Self.events(response)
            #expect(events.count == 1)
            #expect(events.first?["type"] == "ERROR")
            #expect(events.first?[path: ["object", "code"]] == 410)
            #expect(events.first?[path: ["object", "reason"]] == "Expired")
        }
    }

    @Test func sendInitialEventsEndsTheInitialObjectsWithAMarkedBookmark() async throws {
        try await withEmbeddedAPI { client, _ in
            try await kubeCreate(client, kubeWorkload("a"))
            let query = "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1"
            let events = try Self.events(try await client.execute(uri: collectionPath() + query, method: .get))
            #expect(events.compactMap { $0["type"]?.stringValue } == ["ADDED", "BOOKMARK"])
            #expect(events.last?[path: ["object", "metadata", "annotations", "k8s.io/initial-events-end"]] == "true")
        }
    }

    @Test func aWatchWithBookmarksAllowedReceivesBareBookmarks() async throws {
        try await withEmbeddedAPI(configuration: .init(bookmarkInterval: .milliseconds(100))) { client, _ in
            try await kubeCreate(client, kubeWorkload("a"))
            let response = try await client.execute(
                uri: collectionPath() + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=1",
                method: .get
            )
            let events = try Self.events(response)
            #expect(events.first?["type"] == "ADDED")
            let bookmark = try #require(events.first { $0["type"] == "BOOKMARK" })
            #expect(bookmark["object"]?.objectValue?.keys.sorted() == ["apiVersion", "kind", "metadata"])
            #expect(bookmark[path: ["object", "metadata", "resourceVersion"]]?.stringValue?.isEmpty == false)
        }
    }

    @Test func aWatchOfOneObjectSeesOnlyThatObject() async throws {
        try await withEmbeddedAPI { client, _ in
            let start = try responseJSON(try await client.execute(uri: collectionPath(), method: .get))
            let version = try #require(start[path: ["metadata", "resourceVersion"]]?.stringValue)
            try await kubeCreate(client, kubeWorkload("wanted"))
            try await kubeCreate(client, kubeWorkload("other"))
            let response = try await client.execute(
                uri: objectPath("wanted") + "?watch=true&resourceVersion=\(version)&timeoutSeconds=1",
                method: .get
            )
            let events = try Self.events(response)
            #expect(events.compactMap { $0[path: ["object", "metadata", "name"]]?.stringValue } == ["wanted"])
        }
    }

    @Test func aWatchFromAResourceVersionTheClusterHasNotReachedIsATimeoutStatus() async throws {
        try await withEmbeddedAPI { client, _ in
            let response = try await client.execute(uri: collectionPath() + "?watch=true&resourceVersion=999999", method: .get)
            let status = try expectKubeStatus(response, 504, "Timeout")
            #expect(status["message"]?.stringValue?.hasPrefix("Too large resource version: 999999, current: ") == true)
            #expect(status[path: ["details", "causes"]]?[0]?["reason"] == "ResourceVersionTooLarge")
        }
    }

    @Test func badWatchParametersAreRejectedBeforeTheStreamStarts() async throws {
        try await withEmbeddedAPI { client, _ in
            try expectKubeStatus(try await client.execute(uri: collectionPath() + "?watch=maybe", method: .get), 400, "BadRequest")
            try expectKubeStatus(try await client.execute(uri: collectionPath() + "?watch=true&timeoutSeconds=-1", method: .get), 400, "BadRequest")
            try expectKubeStatus(
                try await client.execute(uri: collectionPath() + "?watch=true&labelSelector=%21%21", method: .get),
                400,
                "BadRequest"
            )
        }
    }
}
