import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHTTP

/// `{"template": …}` submits: defaults from the templates file, the 404 for an unknown
/// `settingsName`, and `JobView.template` in list and get.
@Suite struct LegacyTemplateSubmitTests {
    static let templatesYAML = """
        templates:
          - name: small-gpu
            values:
              image: gcr.io/run-ai-demo/quickstart-inference-marian
              gpu: 0.5
              memory: 2G
              serviceType: nodeport
              environment: {BATCH_SIZE: "50", LOG_LEVEL: info}
              ports: {http: {container: 8888, external: 30088}}
          - name: team-b-only
            projects: [team-b]
            values: {image: nginx}
        """

    static let templateBody = """
        {"template":{"name":"my-marian","project":"team-a","settingsName":"small-gpu",
         "values":{"name":"marian1","gpu":1,"environment":{"LOG_LEVEL":"debug"},"ports":{"metrics":{"container":9090}}}}}
        """

    /// The `{"job": …}` the template body stands for.
    static let equivalentJob = """
        {"job":{"name":"marian1","project":"team-a","image":"gcr.io/run-ai-demo/quickstart-inference-marian","gpu":1,
         "memory":"2G","serviceType":"nodeport","environment":{"BATCH_SIZE":"50","LOG_LEVEL":"debug"},
         "ports":[{"container":8888,"external":30088},{"container":9090}]}}
        """

    static func configuration(templates: String? = templatesYAML) throws -> LegacyAPIConfiguration {
        var legacy = testLegacyConfiguration()
        legacy.templatesFile = try templates.map { try writeTemporaryFile($0, name: "templates.yaml") }
        return legacy
    }

    @Test func aTemplateSubmitIsStoredAsItsEquivalentJobWithTheTemplateNamed() async throws {
        try await withGateway(Self.configuration()) { client, database in
            let response = try await client.send(.post, "/api/v1/jobs", json: Self.templateBody, headers: [LegacyHeader.raUser: "john"])
            #expect(response.status == .ok, "\(response.text)")
            #expect(try response.object["name"] as? String == "marian1")

            let workload = try #require(try await SQLiteWorkloadRepository(database: database).find(project: "team-a", name: "marian1"))
            let twin = try LegacyTranslator.translate(body: Data(Self.equivalentJob.utf8), user: "john", namespace: "runai-team-a")
            #expect(workload.desiredObject == String(decoding: try twin.jsonData(), as: UTF8.self))
            #expect(try JSONValue(parsing: workload.legacyRequest) == JSONValue(parsing: Self.equivalentJob)["job"])
            #expect(workload.requestedGPUs == 1)
            #expect(workload.template == JobTemplateReference(name: "my-marian", project: "team-a", settingsName: "small-gpu"))
            #expect(try await StoreCounts.of(database) == StoreCounts(workloads: 1, outbox: 1, projects: 1, idempotencyKeys: 0))
        }
    }

    @Test(arguments: ["/api/v1/jobs", "/api/v1/jobs/team-a", "/api/v1/jobs/team-a/marian1"])
    func listAndGetNameTheTemplateAndJobSubmitsShowNone(path: String) async throws {
        try await withGateway(Self.configuration()) { client, _ in
            #expect(try await client.send(.post, "/api/v1/jobs", json: Self.templateBody).status == .ok)
            #expect(try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "plain")).status == .ok)
            let jobs = try await client.send(.get, path).dataList
            let fromTemplate = try #require(jobs.first { $0["name"] as? String == "marian1" })
            let template = try #require(fromTemplate["template"] as? [String: String], "\(fromTemplate)")
            #expect(template == ["name": "my-marian", "project": "team-a", "settingsName": "small-gpu"])
            if let plain = jobs.first(where: { $0["name"] as? String == "plain" }) {
                #expect(plain["template"] == nil)
            }
        }
    }

    @Test(arguments: [
        (Optional(templatesYAML), #"{"template":{"project":"team-a","settingsName":"huge-gpu","values":{"name":"x"}}}"#, "huge-gpu"),
        (nil, #"{"template":{"project":"team-a","settingsName":"small-gpu","values":{"name":"x","image":"nginx"}}}"#, "small-gpu"),
        (Optional(templatesYAML), #"{"template":{"project":"team-a","settingsName":"team-b-only","values":{"name":"x"}}}"#, "team-b-only"),
    ])
    func anUnknownSettingsNameIsA404NamingItAndWritesNothing(templates: String?, body: String, named: String) async throws {
        try await withGateway(Self.configuration(templates: templates)) { client, database in
            let response = try await client.send(.post, "/api/v1/jobs", json: body)
            #expect(response.status == .notFound)
            let error = try response.object
            #expect(error["status"] as? Int == 404)
            #expect(error["field"] as? String == "template.settingsName")
            #expect((error["message"] as? String)?.contains("\"\(named)\"") == true, "\(error)")
            #expect(response.headers[LegacyHeader.deprecation] != nil)
            #expect(try await StoreCounts.of(database) == StoreCounts(workloads: 0, outbox: 0, projects: 0, idempotencyKeys: 0))
        }
    }

    @Test func aChangedTemplatesFileIsReadOnTheNextSubmit() async throws {
        let legacy = try Self.configuration()
        let path = try #require(legacy.templatesFile)
        try await withGateway(legacy) { client, _ in
            let body = #"{"template":{"project":"team-a","settingsName":"added-later","values":{"name":"later"}}}"#
            #expect(try await client.send(.post, "/api/v1/jobs", json: body).status == .notFound)
            try (Self.templatesYAML + "\n  - name: added-later\n    values: {image: busybox}\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            let response = try await client.send(.post, "/api/v1/jobs", json: body)
            #expect(response.status == .ok, "\(response.text)")
            // A file broken afterwards leaves the templates read last in force.
            try "templates: [{name: broken, values: {gpu: [1]}}]".write(toFile: path, atomically: true, encoding: .utf8)
            let again = #"{"template":{"project":"team-a","settingsName":"added-later","values":{"name":"later2"}}}"#
            #expect(try await client.send(.post, "/api/v1/jobs", json: again).status == .ok)
        }
    }

    @Test func anInvalidTemplatesFileStopsTheStartNamingTheEntryAndNoValue() async throws {
        let text = """
            templates:
              - name: fine
                values: {image: nginx}
              - name: leaky
                values: {gitSync: {models: {repository: "https://example.com/m.git", password: "s3cret-pass", sync: "yes"}}}
            """
        let legacy = try Self.configuration(templates: text)
        await #expect {
            try await withGateway(legacy) { _, _ in }
        } throws: { error in
            let message = "\(error)"
            return message.contains("templates[1].values.gitSync.models.sync") && !message.contains("s3cret-pass")
        }
    }

    @Test func aRetryWithTheSameKeyGetsTheStoredAnswerAndTheCallIsAudited() async throws {
        try await withGateway(Self.configuration()) { client, database in
            let key: HTTPFields = [LegacyHeader.idempotencyKey: "template-retry"]
            let first = try await client.send(.post, "/api/v1/jobs", json: Self.templateBody, headers: key)
            let retry = try await client.send(.post, "/api/v1/jobs", json: Self.templateBody, headers: key)
            #expect(first.status == .ok && retry.status == .ok)
            #expect(retry.headers[LegacyHeader.idempotentReplayed] == "true")
            #expect(retry.text == first.text)
            #expect(try await StoreCounts.of(database) == StoreCounts(workloads: 1, outbox: 1, projects: 1, idempotencyKeys: 1))
            let entries = try await SQLiteAuditLogRepository(database: database).recent(limit: 10)
            #expect(entries.filter { $0.method == "POST" && $0.project == "team-a" && $0.workload == "marian1" }.count == 2)
        }
    }

    @Test func errorsNameTheTemplatesFields() async throws {
        try await withGateway(Self.configuration()) { client, database in
            let body = #"{"template":{"project":"team-a","values":{"name":"x","image":"nginx","ports":{"web":{"container":"80x"}}}}}"#
            let response = try await client.send(.post, "/api/v1/jobs", json: body)
            #expect(response.status == .badRequest)
            #expect(try response.object["field"] as? String == "template.values.ports.web.container")
            #expect(try await StoreCounts.of(database).workloads == 0)
        }
    }
}
