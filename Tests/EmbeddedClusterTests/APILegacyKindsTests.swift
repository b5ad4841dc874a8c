import EmbeddedCluster
import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Runs `body` against the embedded API serving the gateway's kinds (deployments, services, …).
func withGatewayKinds(
    configuration: EmbeddedClusterAPI.Configuration = .init(),
    _ body: @escaping @Sendable (any TestClientProtocol, ClusterStore) async throws -> Void
) async throws {
    let store = ClusterStore(database: try makeMigratedDatabase())
    let router = Router()
    EmbeddedClusterAPI(store: store, kinds: .gateway, configuration: configuration).addRoutes(to: router)
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in try await body(client, store) }
}

/// A legacy inference Deployment, as the Run:ai documentation shows it.
func legacyDeployment(_ name: String, image: String = "gcr.io/run-ai-demo/quickstart-inference-marian", replicas: Int64 = 1) -> JSONValue {
    [
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": ["name": .string(name), "namespace": "runai-team-a"],
        "spec": [
            "replicas": .integer(replicas),
            "selector": ["matchLabels": ["app": .string(name)]],
            "template": [
                "metadata": ["labels": ["app": .string(name)], "annotations": ["user": "alice"]],
                "spec": [
                    "schedulerName": "runai-scheduler",
                    "containers": [
                        [
                            "name": .string(name), "image": .string(image), "ports": [["containerPort": 8888]],
                            "resources": ["limits": ["nvidia.com/gpu": 1]],
                        ]
                    ],
                ],
            ],
        ],
    ]
}

/// The legacy Service of `name`.
func legacyService(_ name: String, type: String = "NodePort") -> JSONValue {
    [
        "apiVersion": "v1", "kind": "Service",
        "metadata": ["name": .string(name), "namespace": "runai-team-a"],
        "spec": ["type": .string(type), "ports": [["port": 8888, "targetPort": 8888]], "selector": ["app": .string(name)]],
    ]
}

@Suite struct APILegacyKindsTests {
    static let deployments = "/apis/apps/v1/namespaces/runai-team-a/deployments"
    static let services = "/api/v1/namespaces/runai-team-a/services"
    static let table = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"

    @Test func aDeploymentAndAServiceOfTheSameNameAreStoredAndListedApart() async throws {
        try await withGatewayKinds { client, _ in
            let created = try await client.execute(uri: Self.deployments, method: .post, body: requestBody(legacyDeployment("inf1")))
            #expect(created.status == .created)
            let deployment = try responseJSON(created)
            #expect(deployment["kind"] == "Deployment")
            #expect(deployment["apiVersion"] == "apps/v1")
            #expect(deployment[path: ["spec", "strategy", "type"]] == "RollingUpdate")
            #expect(deployment[path: ["spec", "template", "spec", "schedulerName"]] == "runai-scheduler")
            let service = try responseJSON(try await client.execute(uri: Self.services, method: .post, body: requestBody(legacyService("inf1"))))
            #expect(service[path: ["spec", "clusterIP"]]?.stringValue?.hasPrefix("10.96.") == true)
            let nodePort = try #require(service[path: ["spec", "ports"]]?[0]?["nodePort"]?.integerValue)
            #expect((30000...32767).contains(nodePort))

            let listed = try responseJSON(try await client.execute(uri: "/apis/apps/v1/deployments", method: .get))
            #expect(listed["kind"] == "DeploymentList")
            #expect(listed["items"]?.arrayValue?.compactMap { $0[path: ["metadata", "name"]]?.stringValue } == ["inf1"])
            let services = try responseJSON(try await client.execute(uri: "/api/v1/services", method: .get))
            #expect(services["kind"] == "ServiceList")
            #expect(services["items"]?.arrayValue?.count == 1)
            let workloads = try responseJSON(try await client.execute(uri: "/apis/run.ai/v2alpha1/inferenceworkloads", method: .get))
            #expect(workloads["items"] == [])
        }
    }

    @Test func tablesHaveTheColumnsARealClusterPrints() async throws {
        try await withGatewayKinds { client, _ in
            _ = try await client.execute(uri: Self.deployments, method: .post, body: requestBody(legacyDeployment("inf1", replicas: 2)))
            _ = try await client.execute(uri: Self.services, method: .post, body: requestBody(legacyService("inf1")))
            let deployments = try responseJSON(try await client.execute(uri: Self.deployments, method: .get, headers: [.accept: Self.table]))
            let columns = deployments["columnDefinitions"]?.arrayValue?.filter { $0["priority"] == 0 }.compactMap { $0["name"]?.stringValue }
            #expect(columns == ["Name", "Ready", "Up-to-date", "Available", "Age"])
            #expect(deployments["rows"]?[0]?["cells"]?[1] == "0/2")
            let services = try responseJSON(try await client.execute(uri: Self.services, method: .get, headers: [.accept: Self.table]))
            let serviceColumns = services["columnDefinitions"]?.arrayValue?.filter { $0["priority"] == 0 }.compactMap { $0["name"]?.stringValue }
            #expect(serviceColumns == ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age"])
            let cells = try #require(services["rows"]?[0]?["cells"]?.arrayValue)
            #expect(cells[1] == "NodePort")
            #expect(cells[3] == "<none>")
            #expect(cells[4].stringValue?.hasPrefix("8888:") == true && cells[4].stringValue?.hasSuffix("/TCP") == true)
        }
    }

    @Test func scaleReadsAndPatchesTheReplicas() async throws {
        try await withGatewayKinds { client, _ in
            _ = try await client.execute(uri: Self.deployments, method: .post, body: requestBody(legacyDeployment("inf1")))
            let scale = try responseJSON(try await client.execute(uri: Self.deployments + "/inf1/scale", method: .get))
            #expect(scale["kind"] == "Scale")
            #expect(scale[path: ["spec", "replicas"]] == 1)
            #expect(scale[path: ["status", "selector"]] == "app=inf1")
            let patched = try await client.execute(
                uri: Self.deployments + "/inf1/scale",
                method: .patch,
                headers: contentType("application/merge-patch+json"),
                body: requestBody(["spec": ["replicas": 3]])
            )
            #expect(patched.status == .ok)
            #expect(try responseJSON(patched)[path: ["spec", "replicas"]] == 3)
            let deployment = try responseJSON(try await client.execute(uri: Self.deployments + "/inf1", method: .get))
            #expect(deployment[path: ["spec", "replicas"]] == 3)
            #expect(deployment[path: ["metadata", "generation"]] == 2)
            let negative = try await client.execute(
                uri: Self.deployments + "/inf1/scale",
                method: .patch,
                headers: contentType("application/merge-patch+json"),
                body: requestBody(["spec": ["replicas": -1]])
            )
            try expectKubeStatus(negative, 422, "Invalid")
        }
    }

    @Test func strategicMergePatchMergesContainersByNameButCustomResourcesRefuseIt() async throws {
        try await withGatewayKinds { client, _ in
            _ = try await client.execute(uri: Self.deployments, method: .post, body: requestBody(legacyDeployment("inf1")))
            let patch: JSONValue = ["spec": ["template": ["spec": ["containers": [["name": "inf1", "image": "gcr.io/demo/other:2"]]]]]]
            let patched = try responseJSON(
                try await client.execute(
                    uri: Self.deployments + "/inf1",
                    method: .patch,
                    headers: contentType("application/strategic-merge-patch+json"),
                    body: requestBody(patch)
                )
            )
            let container = patched[path: ["spec", "template", "spec", "containers"]]?[0]
            #expect(container?["image"] == "gcr.io/demo/other:2")
            #expect(container?["ports"] == [["containerPort": 8888, "protocol": "TCP"]])
            _ = try await client.execute(uri: collectionPath(), method: .post, body: requestBody(kubeWorkload("iw")))
            let refused = try await client.execute(
                uri: objectPath("iw"),
                method: .patch,
                headers: contentType("application/strategic-merge-patch+json"),
                body: requestBody(["metadata": ["labels": ["a": "b"]]])
            )
            try expectKubeStatus(refused, 415, "UnsupportedMediaType")
        }
    }

    @Test func aDeploymentWithoutSelectorOrContainersIsInvalidAndNotStored() async throws {
        try await withGatewayKinds { client, _ in
            var broken = legacyDeployment("inf1")
            broken[path: ["spec", "selector"]] = nil
            broken[path: ["spec", "template", "spec", "containers"]] = []
            let status = try expectKubeStatus(
                try await client.execute(uri: Self.deployments, method: .post, body: requestBody(broken)),
                422,
                "Invalid"
            )
            let fields = status[path: ["details", "causes"]]?.arrayValue?.compactMap { $0["field"]?.stringValue }
            #expect(fields == ["spec.selector", "spec.template.spec.containers"])
            #expect(status[path: ["details", "kind"]] == "Deployment")
            try expectKubeStatus(try await client.execute(uri: Self.deployments + "/inf1", method: .get), 404, "NotFound")
        }
    }

    @Test func strictFieldValidationRefusesAnUnknownSpecFieldOfABuiltInKind() async throws {
        try await withGatewayKinds { client, _ in
            var typo = legacyDeployment("inf1")
            typo[path: ["spec", "replica"]] = 2
            let status = try expectKubeStatus(
                try await client.execute(uri: Self.deployments + "?fieldValidation=Strict", method: .post, body: requestBody(typo)),
                400,
                "BadRequest"
            )
            #expect(status["message"] == #"strict decoding error: unknown field "spec.replica""#)
            let warned = try await client.execute(uri: Self.deployments + "?fieldValidation=Warn", method: .post, body: requestBody(typo))
            #expect(warned.status == .created)
            #expect(warned.headers[values: HTTPField.Name("Warning")!].contains { $0.contains(#"unknown field \"spec.replica\""#) })
            #expect(try responseJSON(warned)[path: ["spec", "replica"]] == nil)
        }
    }

    @Test func describeListsReplicaSetsAndEventsEmpty() async throws {
        try await withGatewayKinds { client, _ in
            let sets = try responseJSON(
                try await client.execute(uri: "/apis/apps/v1/namespaces/runai-team-a/replicasets?labelSelector=app%3Dinf1", method: .get)
            )
            #expect(sets["kind"] == "ReplicaSetList")
            #expect(sets["items"] == [])
            let selector = "involvedObject.name%3Dinf1,involvedObject.namespace%3Drunai-team-a,involvedObject.kind%3DDeployment"
            let events = try responseJSON(
                try await client.execute(uri: "/api/v1/namespaces/runai-team-a/events?fieldSelector=\(selector)", method: .get)
            )
            #expect(events["kind"] == "EventList")
            #expect(events["items"] == [])
            try expectKubeStatus(
                try await client.execute(uri: "/api/v1/namespaces/runai-team-a/events", method: .post, body: requestBody(["kind": "Event"])),
                405,
                "MethodNotAllowed"
            )
        }
    }

    @Test func discoveryNamesTheCoreAndAppsKindsWithTheirSubresources() async throws {
        try await withGatewayKinds { client, _ in
            let core = try responseJSON(try await client.execute(uri: "/api", method: .get))
            #expect(core["versions"] == ["v1"])
            let v1 = try responseJSON(try await client.execute(uri: "/api/v1", method: .get))
            #expect(v1["resources"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["services", "services/status", "events"])
            let apps = try responseJSON(try await client.execute(uri: "/apis/apps/v1", method: .get))
            let names = apps["resources"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(names == ["deployments", "deployments/status", "deployments/scale", "replicasets", "replicasets/status"])
            let aggregated = try responseJSON(
                try await client.execute(uri: "/apis", method: .get, headers: [.accept: APIDiscoveryTests.kubectlAccept])
            )
            #expect(aggregated["items"]?.arrayValue?.compactMap { $0[path: ["metadata", "name"]]?.stringValue } == ["run.ai", "apps"])
            let index = try responseJSON(try await client.execute(uri: "/openapi/v3", method: .get))
            let url = try #require(index[path: ["paths", "apis/apps/v1", "serverRelativeURL"]]?.stringValue)
            let document = try responseJSON(try await client.execute(uri: url, method: .get))
            let patch = document[path: ["paths", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "patch"]]
            #expect(patch?["x-kubernetes-group-version-kind"] == ["group": "apps", "version": "v1", "kind": "Deployment"])
        }
    }

    @Test func answersOnLegacyKindsNameTheirSuccessor() async throws {
        let configuration = EmbeddedClusterAPI.Configuration(deprecationHeaders: { path in
            [HTTPField(name: HTTPField.Name("Link")!, value: "<\(path)>; rel=\"successor-version\"")]
        })
        try await withGatewayKinds(configuration: configuration) { client, _ in
            let created = try await client.execute(uri: Self.deployments, method: .post, body: requestBody(legacyDeployment("inf1")))
            let warning = try #require(created.headers[HTTPField.Name("Warning")!])
            #expect(warning.hasPrefix("299 - \"apps/v1 Deployment is deprecated; use run.ai/v2alpha1 InferenceWorkload"))
            let get = try await client.execute(uri: Self.deployments + "/inf1", method: .get)
            #expect(
                get.headers[HTTPField.Name("Link")!]
                    == "</apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads/inf1>; rel=\"successor-version\""
            )
            let missing = try await client.execute(uri: Self.deployments + "/none", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.headers[HTTPField.Name("Warning")!]?.contains("run.ai/v2alpha1 InferenceWorkload") == true)
            let iw = try await client.execute(uri: collectionPath(), method: .get)
            #expect(iw.headers[HTTPField.Name("Warning")!] == nil)
        }
    }
}
