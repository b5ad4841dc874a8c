import EmbeddedCluster
import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct APIDiscoveryTests {
    static let kubectlAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
        + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"

    @Test func versionSaysKubernetes132SoTheKubectlDispatcherPicksKubectl132() async throws {
        try await withEmbeddedAPI { client, _ in
            let response = try await client.execute(uri: "/version?timeout=5s", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let version = try responseJSON(response)
            #expect(version["major"] == "1")
            #expect(version["minor"] == "32")
            #expect(version["gitVersion"] == "v1.32.0")
        }
    }

    @Test func coreAPIListsNoVersionsInTheFormatAskedFor() async throws {
        try await withEmbeddedAPI { client, _ in
            let legacy = try await client.execute(uri: "/api", method: .get, headers: [.accept: "application/json"])
            #expect(legacy.headers[.contentType] == "application/json")
            #expect(try responseJSON(legacy) == ["kind": "APIVersions", "versions": []])

            let aggregated = try await client.execute(uri: "/api?timeout=32s", method: .get, headers: [.accept: Self.kubectlAccept])
            #expect(aggregated.headers[.contentType] == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
            let list = try responseJSON(aggregated)
            #expect(list["kind"] == "APIGroupDiscoveryList")
            #expect(list["apiVersion"] == "apidiscovery.k8s.io/v2")
            #expect(list["items"] == [])
        }
    }

    @Test func groupListIsLegacyUnlessAcceptNamesTheAggregatedFormat() async throws {
        try await withEmbeddedAPI { client, _ in
            let legacy = try await client.execute(uri: "/apis", method: .get)
            #expect(legacy.headers[.contentType] == "application/json")
            let groups = try responseJSON(legacy)
            #expect(groups["kind"] == "APIGroupList")
            let group = try #require(groups["groups"]?[0])
            #expect(group["name"] == "run.ai")
            #expect(group[path: ["preferredVersion", "groupVersion"]] == "run.ai/v2alpha1")
            #expect(group["versions"]?.arrayValue?.compactMap { $0["version"]?.stringValue } == ["v2alpha1", "v1alpha1"])
        }
    }

    @Test(arguments: [
        (APIDiscoveryTests.kubectlAccept, "v2"),
        ("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", "v2beta1"),
        ("application/json;as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io", "v2"),
    ])
    func groupListIsAggregatedInTheVersionTheClientAsksFor(accept: String, version: String) async throws {
        try await withEmbeddedAPI { client, _ in
            let response = try await client.execute(uri: "/apis", method: .get, headers: [.accept: accept])
            #expect(response.headers[.contentType] == "application/json;g=apidiscovery.k8s.io;v=\(version);as=APIGroupDiscoveryList")
            let list = try responseJSON(response)
            #expect(list["apiVersion"] == .string("apidiscovery.k8s.io/\(version)"))
            let item = try #require(list["items"]?[0])
            #expect(item[path: ["metadata", "name"]] == "run.ai")
            let resource = try #require(item["versions"]?[0]?["resources"]?[0])
            #expect(resource["resource"] == "inferenceworkloads")
            #expect(resource["scope"] == "Namespaced")
            #expect(resource[path: ["responseKind", "kind"]] == "InferenceWorkload")
            #expect(resource["subresources"]?[0]?["subresource"] == "status")
            #expect(resource["verbs"]?.arrayValue?.contains("watch") == true)
        }
    }

    @Test(arguments: ["v2alpha1", "v1alpha1"])
    func resourceListNamesInferenceWorkloadsAndTheStatusSubresource(version: String) async throws {
        try await withEmbeddedAPI { client, _ in
            let response = try await client.execute(uri: "/apis/run.ai/\(version)?timeout=32s", method: .get)
            #expect(response.status == .ok)
            let list = try responseJSON(response)
            #expect(list["kind"] == "APIResourceList")
            #expect(list["groupVersion"] == .string("run.ai/\(version)"))
            let names = list["resources"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(names == ["inferenceworkloads", "inferenceworkloads/status"])
            #expect(list["resources"]?[0]?["namespaced"] == true)
            #expect(list["resources"]?[0]?["shortNames"] == ["iw"])
        }
    }

    @Test func openAPIIndexPointsAtAVersionDocumentThatDeclaresServerSideFieldValidation() async throws {
        try await withEmbeddedAPI { client, _ in
            let index = try responseJSON(try await client.execute(uri: "/openapi/v3?timeout=32s", method: .get))
            let url = try #require(index[path: ["paths", "apis/run.ai/v2alpha1", "serverRelativeURL"]]?.stringValue)
            #expect(url.hasPrefix("/openapi/v3/apis/run.ai/v2alpha1?hash="))

            let response = try await client.execute(uri: url + "&timeout=32s", method: .get)
            #expect(response.status == .ok)
            let document = try responseJSON(response)
            #expect(document["openapi"] == "3.0.0")
            let patch = try #require(document[path: ["paths", "/apis/run.ai/v2alpha1/namespaces/{namespace}/inferenceworkloads/{name}", "patch"]])
            #expect(patch["x-kubernetes-group-version-kind"] == ["group": "run.ai", "version": "v2alpha1", "kind": "InferenceWorkload"])
            let parameters = patch["parameters"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(parameters.contains("fieldValidation"))
        }
    }

    @Test func openAPIV2IsANotFoundStatusSoKubectlFallsBackToV3() async throws {
        try await withEmbeddedAPI { client, _ in
            let response = try await client.execute(
                uri: "/openapi/v2?timeout=32s",
                method: .get,
                headers: [.accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"]
            )
            try expectKubeStatus(response, 404, "NotFound")
        }
    }

    @Test func everyNamespaceExistsAndIsActive() async throws {
        try await withEmbeddedAPI { client, _ in
            let namespace = try responseJSON(try await client.execute(uri: "/api/v1/namespaces/team-a", method: .get))
            #expect(namespace["kind"] == "Namespace")
            #expect(namespace[path: ["metadata", "name"]] == "team-a")
            #expect(namespace[path: ["status", "phase"]] == "Active")
        }
    }

    @Test(arguments: [
        "/apis/apps/v1", "/apis/run.ai/v9", "/apis/run.ai/v2alpha1/pods", "/apis/run.ai/v2alpha1/namespaces/ns1/pods",
        "/apis/run.ai/v2alpha1/namespaces/ns1/inferenceworkloads/demo/scale", "/api/v1/namespaces/ns1/pods", "/api/v1/namespaces", "/openapi",
        "/openapi/v3/apis/apps/v1",
    ])
    func unknownPathsAreNotFoundStatuses(path: String) async throws {
        try await withEmbeddedAPI { client, _ in
            let status = try expectKubeStatus(try await client.execute(uri: path, method: .get), 404, "NotFound")
            #expect(status["message"] == "the server could not find the requested resource")
        }
    }

    @Test(arguments: [
        ("/apis", HTTPRequest.Method.post), ("/version", .delete), ("/apis/run.ai/v2alpha1/inferenceworkloads", .post),
        ("/apis/run.ai/v2alpha1/namespaces/ns1/inferenceworkloads", .put),
        ("/apis/run.ai/v2alpha1/namespaces/ns1/inferenceworkloads/demo", .post),
        ("/apis/run.ai/v2alpha1/namespaces/ns1/inferenceworkloads/demo/status", .delete),
    ])
    func wrongMethodsAreMethodNotAllowedStatuses(path: String, method: HTTPRequest.Method) async throws {
        try await withEmbeddedAPI { client, _ in
            try expectKubeStatus(try await client.execute(uri: path, method: method), 405, "MethodNotAllowed")
        }
    }
}
