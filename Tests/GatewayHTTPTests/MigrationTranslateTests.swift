import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHTTP

/// `POST /api/v1/migration/translate` against the core's translation fixtures: the same workload
/// as a submit, the same refusals, and nothing stored.
@Suite struct MigrationTranslateTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "GatewayCoreTests/Fixtures")

    /// The fixture files of a folder, as JSON objects with their file names.
    static func load(_ folder: String = "") throws -> [(String, [String: Any])] {
        let directory = folder.isEmpty ? fixtures : fixtures.appending(path: folder)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted().map { name in
            let data = try Data(contentsOf: directory.appending(path: name))
            return (name, try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
        }
    }

    /// The submit fixtures that need no option, no taken names and no templates file.
    static let submitFixtures: [String] = {
        ((try? load()) ?? []).filter { _, fixture in
            Set(fixture.keys).isSubset(of: ["description", "user", "request", "expected", "error"]) && fixture["request"] != nil
        }
        .map(\.0)
    }()

    static let manifestFixtures: [String] = ((try? load("LegacyKubernetes")) ?? []).map(\.0)

    private func json(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test(arguments: submitFixtures)
    func aLegacySubmitBodyBecomesTheWorkloadASubmitWouldCreateOrTheSameRefusal(name: String) async throws {
        try await withGateway { client, database in
            let fixture = try #require(try Self.load().first { $0.0 == name }?.1)
            var headers: HTTPFields = [:]
            if let user = fixture["user"] as? String { headers[LegacyHeader.raUser] = user }
            let response = try await client.send(.post, "/api/v1/migration/translate", json: try json(fixture["request"]!), headers: headers)
            if let error = fixture["error"] as? [String: Any] {
                #expect(response.status.code == error["status"] as? Int, "\(response.text)")
                if let field = error["field"] as? String { #expect(try response.object["field"] as? String == field) }
            } else {
                #expect(response.status == .ok, "\(response.text)")
                let answer = try response.object
                var workload = try #require(answer["workload"] as? [String: Any])
                var expected = try #require(fixture["expected"] as? [String: Any])
                let request = fixture["request"] as? [String: Any]
                if (request?["job"] as? [String: Any])?["name"] == nil {
                    // A generated name: random, so not compared.
                    workload["metadata"] = nil
                    expected["metadata"] = nil
                    var spec = workload["spec"] as? [String: Any]
                    spec?["name"] = nil
                    workload["spec"] = spec
                    var expectedSpec = expected["spec"] as? [String: Any]
                    expectedSpec?["name"] = nil
                    expected["spec"] = expectedSpec
                }
                #expect(try json(workload) == json(expected))
                let kubectl = try #require(answer["kubectlApply"] as? String)
                #expect(kubectl.hasPrefix("kubectl apply --server-side"))
                #expect(kubectl.contains("kind: InferenceWorkload"))
                let curl = try #require(answer["curl"] as? String)
                #expect(curl.contains("/apis/run.ai/"))
                let fields = try #require(answer["fields"] as? [[String: Any]])
                let job = (request?["job"] ?? request?["template"]) as? [String: Any] ?? [:]
                #expect(fields.count == job.values.filter { !($0 is NSNull) }.count)
            }
            #expect(try await StoreCounts.of(database) == StoreCounts(workloads: 0, outbox: 0, projects: 0, idempotencyKeys: 0))
        }
    }

    @Test(arguments: manifestFixtures)
    func aLegacyDeploymentAndServiceBecomeTheirWorkloadOrTheSame422(name: String) async throws {
        try await withGateway { client, database in
            let fixture = try #require(try Self.load("LegacyKubernetes").first { $0.0 == name }?.1)
            let items = [fixture["deployment"], fixture["service"]].compactMap { $0 }
            let response = try await client.send(
                .post,
                "/api/v1/migration/translate",
                json: try json(["kind": "List", "apiVersion": "v1", "items": items])
            )
            if let expected = fixture["expected"] as? [String: Any] {
                #expect(response.status == .ok, "\(response.text)")
                let answer = try response.object
                #expect(try json(try #require(answer["workload"])) == json(expected))
                #expect(answer["input"] as? String == "manifest")
            } else if let refused = fixture["refused"] as? [String: Any] {
                #expect(response.status.code == 422, "\(response.text)")
                let status = try response.object
                #expect(status["reason"] as? String == "Invalid")
                let causes = try #require((status["details"] as? [String: Any])?["causes"] as? [[String: Any]])
                let expectedCauses = refused["causes"] as? [[String: Any]] ?? []
                #expect(causes.map { $0["field"] as? String } == expectedCauses.map { $0["field"] as? String })
            } else {
                #expect(response.status.code == 422, "\(response.text)")
                #expect(try response.object["field"] as? String == "spec.template.spec.schedulerName")
            }
            #expect(try await StoreCounts.of(database) == StoreCounts(workloads: 0, outbox: 0, projects: 0, idempotencyKeys: 0))
        }
    }

    @Test func eachLegacyFieldIsListedWithWhatItBecame() async throws {
        try await withGateway { client, _ in
            let response = try await client.send(.post, "/api/v1/migration/translate", json: workedExample)
            let fields = try #require(try response.object["fields"] as? [[String: Any]])
            let became = Dictionary(uniqueKeysWithValues: fields.map { ($0["legacy"] as? String ?? "", $0["became"] as? [String] ?? []) })
            #expect(became["job.name"] == ["metadata.name", "spec.name"])
            #expect(became["job.project"] == ["metadata.namespace", "metadata.labels.project"])
            #expect(became["job.gpu"] == ["spec.gpu"])
            #expect(became["job.ports"] == ["spec.ports"])
            #expect(became["job.type"] == [])
        }
    }

    @Test func yamlIsAnsweredForOutputYamlOrAnAcceptOfYaml() async throws {
        try await withGateway { client, _ in
            let query = try await client.send(.post, "/api/v1/migration/translate?output=yaml", json: workedExample)
            #expect(query.status == .ok)
            #expect(query.headers[.contentType] == "application/yaml; charset=utf-8")
            #expect(query.text.contains("kind: InferenceWorkload"))
            let accept = try await client.send(.post, "/api/v1/migration/translate", json: workedExample, headers: [.accept: "application/yaml"])
            #expect(accept.text == query.text)
        }
    }

    @Test func aYamlManifestOfADeploymentAndItsServiceIsTranslated() async throws {
        let manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web1, namespace: runai-team-a}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web1}}
              template:
                metadata: {labels: {app: web1}}
                spec:
                  schedulerName: runai-scheduler
                  containers:
                  - {name: web1, image: nginx, ports: [{containerPort: 80}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web1, namespace: runai-team-a}
            spec: {type: NodePort, selector: {app: web1}, ports: [{port: 80, targetPort: 80, nodePort: 30080}]}
            """
        try await withGateway { client, _ in
            let response = try await client.execute(
                uri: "/api/v1/migration/translate",
                method: .post,
                headers: [.contentType: "application/yaml"],
                body: ByteBuffer(string: manifest)
            )
            #expect(response.status == .ok, "\(response.text)")
            let workload = try #require(try response.object["workload"] as? [String: Any])
            let spec = try #require(workload["spec"] as? [String: Any])
            #expect((spec["serviceType"] as? [String: Any])?["value"] as? String == "NodePort")
            #expect((spec["maxScale"] as? [String: Any])?["value"] as? Int == 2)
        }
    }
}
