import EmbeddedCluster
import Foundation
import GatewayPersistence
import GatewayTestSupport
import Hummingbird
import HummingbirdTesting
import KubernetesClient
import Logging
import Testing

/// The client against the gateway's own embedded Kubernetes API, as the push path uses it.
@Suite struct EmbeddedClusterClientTests {
    static let workloads = KubernetesResource(group: "run.ai", version: "v2alpha1", plural: "inferenceworkloads")

    struct Workload: Codable, Sendable {
        struct Metadata: Codable, Sendable {
            var name: String
            var namespace: String?
            var resourceVersion: String?
            var labels: [String: String]?
        }
        struct Value<T: Codable & Sendable>: Codable, Sendable { var value: T }
        struct Spec: Codable, Sendable {
            var image: Value<String>
            var minScale: Value<Int>?
        }
        var apiVersion = "run.ai/v2alpha1"
        var kind = "InferenceWorkload"
        var metadata: Metadata
        var spec: Spec

        init(_ name: String, replicas: Int = 1) {
            metadata = Metadata(name: name)
            spec = Spec(image: Value(value: "nginx:1.27"), minScale: Value(value: replicas))
        }
    }

    static func run(
        historyLimit: Int = 1000,
        _ body: @escaping @Sendable (CurlKubernetesClient, ClusterStore) async throws -> Void
    ) async throws {
        let database = try makeMigratedDatabase()
        let store = ClusterStore(database: database, configuration: .init(eventHistoryLimit: historyLimit))
        let router = Router()
        EmbeddedClusterAPI(store: store).addRoutes(to: router)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: .quiet)
        try await app.test(.live) { client in
            let kube = try CurlKubernetesClient.loopback(port: try #require(client.port))
            try await body(kube, store)
            kube.shutdown()
        }
    }

    @Test func theClientDrivesTheEmbeddedClusterThroughEveryVerb() async throws {
        try await Self.run { client, _ in
            let created = try await client.create(Self.workloads, namespace: "ns1", object: Workload("demo"))
            #expect(created.metadata.resourceVersion?.isEmpty == false)
            let applied = try await client.apply(
                Self.workloads,
                namespace: "ns1",
                name: "applied",
                object: Workload("applied", replicas: 2),
                fieldManager: "inference-gateway",
                force: true
            )
            #expect(applied.spec.minScale?.value == 2)
            let again = try await client.apply(
                Self.workloads,
                namespace: "ns1",
                name: "applied",
                object: Workload("applied", replicas: 2),
                fieldManager: "inference-gateway",
                force: true
            )
            #expect(again.metadata.resourceVersion == applied.metadata.resourceVersion, "a replayed apply is a no-op")

            let merged = try await client.patch(
                Self.workloads,
                namespace: "ns1",
                name: "demo",
                patch: .merge(Data(#"{"metadata":{"labels":{"team":"a"}}}"#.utf8)),
                as: Workload.self
            )
            #expect(merged.metadata.labels == ["team": "a"])
            let jsonPatched = try await client.patch(
                Self.workloads,
                namespace: "ns1",
                name: "demo",
                patch: .json(Data(#"[{"op":"replace","path":"/spec/minScale/value","value":3}]"#.utf8)),
                as: Workload.self
            )
            #expect(jsonPatched.spec.minScale?.value == 3)
            var replaced = jsonPatched
            replaced.spec.image.value = "nginx:1.28"
            let stored = try await client.replace(Self.workloads, namespace: "ns1", name: "demo", object: replaced)
            #expect(stored.spec.image.value == "nginx:1.28")
            let stale = await kubernetesError { _ = try await client.replace(Self.workloads, namespace: "ns1", name: "demo", object: replaced) }
            #expect(stale?.code == .conflict)

            let labelled = try await client.list(
                Self.workloads,
                namespace: "ns1",
                options: ListOptions(labelSelector: "team=a"),
                as: Workload.self
            )
            #expect(labelled.items.map(\.metadata.name) == ["demo"])
            let all = try await client.listAll(Self.workloads, namespace: nil, options: ListOptions(limit: 1), as: Workload.self)
            #expect(all.items.map(\.metadata.name).sorted() == ["applied", "demo"])

            let status = try await client.get(Self.workloads, namespace: "ns1", name: "demo", subresource: "status")
            #expect(!status.isEmpty)
            let exists = await kubernetesError { _ = try await client.create(Self.workloads, namespace: "ns1", object: Workload("demo")) }
            #expect(exists?.code == .alreadyExists)
            #expect(exists?.details?.kind == "inferenceworkloads")

            try await client.delete(Self.workloads, namespace: "ns1", name: "demo", propagationPolicy: .background)
            let gone = await kubernetesError { _ = try await client.get(Self.workloads, namespace: "ns1", name: "demo", subresource: nil) }
            #expect(gone?.code == .notFound)
            #expect(gone?.message == "inferenceworkloads.run.ai \"demo\" not found")
        }
    }

    @Test func watchesOfTheEmbeddedClusterResumeAndSignalExpiry() async throws {
        try await Self.run(historyLimit: 2) { client, _ in
            let first = try await client.create(Self.workloads, namespace: "ns1", object: Workload("w1"))
            let list = try await client.list(Self.workloads, namespace: "ns1", as: Workload.self)
            let recorder = await WatchRecorder.start(
                try await client.watch(
                    Self.workloads,
                    namespace: "ns1",
                    options: WatchOptions(resourceVersion: list.resourceVersion),
                    as: Workload.self
                )
            )
            _ = try await client.patch(
                Self.workloads,
                namespace: "ns1",
                name: "w1",
                patch: .merge(Data(#"{"spec":{"minScale":{"value":5}}}"#.utf8)),
                as: Workload.self
            )
            #expect(await recorder.waitForEvents(1))
            #expect(await recorder.types.first == .modified)
            await recorder.cancel()

            for index in 2...5 { _ = try await client.create(Self.workloads, namespace: "ns1", object: Workload("w\(index)")) }
            let old = await WatchRecorder.start(
                try await client.watch(
                    Self.workloads,
                    namespace: "ns1",
                    options: WatchOptions(resourceVersion: first.metadata.resourceVersion),
                    as: Workload.self
                )
            )
            #expect(await old.waitUntilFinished())
            #expect((await old.error as? KubernetesError)?.code == .expired)
        }
    }
}
