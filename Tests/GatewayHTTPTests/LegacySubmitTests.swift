import Foundation
import GatewayCore
import GatewayPersistence
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHTTP

@Suite struct LegacySubmitTests {
    @Test func theWorkedExampleIsStoredWithItsInferenceWorkloadAndAnsweredWithItsName() async throws {
        try await withGateway { client, database in
            let response = try await client.send(.post, "/api/v1/jobs", json: workedExample, headers: [LegacyHeader.raUser: "john"])
            #expect(response.status == .ok)
            #expect(try response.object["name"] as? String == "inference1")

            let workload = try #require(try await SQLiteWorkloadRepository(database: database).find(project: "team-a", name: "inference1"))
            #expect(workload.namespace == "runai-team-a")
            #expect(workload.username == "john")
            #expect(workload.status == "Pending")
            #expect(workload.requestedGPUs == 0.5)
            let object = try InferenceWorkload(jsonData: Data(workload.desiredObject.utf8))
            #expect(object.apiVersion == "run.ai/v2alpha1")
            #expect(object.metadata.namespace == "runai-team-a")
            #expect(object.spec.image?.value == "gcr.io/run-ai-demo/quickstart-inference-marian")
            #expect(object.spec.username?.value == "john")
            let stored = try JSONSerialization.jsonObject(with: Data(workload.legacyRequest.utf8)) as? [String: Any]
            #expect(stored?["nodeType"] as? String == "dgx")

            let project = try #require(try await SQLiteProjectRepository(database: database).find(name: "team-a"))
            #expect(project.origin == .automatic)
            #expect(project.namespace == "runai-team-a")
            #expect(try await StoreCounts.of(database) == StoreCounts(workloads: 1, outbox: 1, projects: 1, idempotencyKeys: 0))
        }
    }

    @Test(arguments: [
        "/api/v1/jobs", "/api/v1/job", "/api/job", "/researcher/api/v1/jobs", "/researcher/api/v1/job", "/researcher/api/job",
    ])
    func everySubmitAliasStoresTheJob(path: String) async throws {
        try await withGateway { client, database in
            let response = try await client.send(.post, path, json: submitBody(name: "via-alias"))
            #expect(response.status == .ok, "\(path): \(response.text)")
            #expect(try response.object["name"] as? String == "via-alias")
            #expect(try await SQLiteWorkloadRepository(database: database).find(project: "team-a", name: "via-alias") != nil)
        }
    }

    @Test func aJobWithoutANameGetsTheNextFreeGeneratedName() async throws {
        try await withGateway { client, _ in
            for expected in ["job-1", "job-2"] {
                let response = try await client.send(.post, "/api/v1/jobs", json: submitBody())
                #expect(try response.object["name"] as? String == expected)
            }
            let prefixed = try await client.send(.post, "/api/v1/jobs", json: submitBody(extra: #","jobNamePrefix":"llm""#))
            #expect(try prefixed.object["name"] as? String == "llm-1")
        }
    }

    @Test func aNameTakenInTheProjectIsAConflictAndWritesNothing() async throws {
        try await withGateway { client, database in
            try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "taken"))
            let before = try await StoreCounts.of(database)
            let response = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "taken"))
            #expect(response.status == .conflict)
            #expect(try response.object["status"] as? Int == 409)
            #expect(try (response.object["message"] as? String)?.contains("job.name") == true)
            #expect(try await StoreCounts.of(database) == before)
            // The same name in another project is fine.
            let other = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "taken", project: "team-b"))
            #expect(other.status == .ok)
        }
    }

    /// One bad request of each kind, the status it gets, and the field its message must name.
    struct BadInput: Sendable, CustomTestStringConvertible {
        var label: String
        var body: String
        var status: HTTPResponse.Status
        var field: String
        var testDescription: String { label }
    }

    static let badInputs: [BadInput] = [
        BadInput(label: "malformed JSON", body: #"{"job": {"project": "team-a", "#, status: .badRequest, field: "JSON"),
        BadInput(label: "empty body", body: "", status: .badRequest, field: "empty"),
        BadInput(label: "not an object", body: "[1, 2]", status: .badRequest, field: "request body"),
        BadInput(label: "no job member", body: #"{"name": "x"}"#, status: .badRequest, field: "job"),
        BadInput(label: "image missing", body: #"{"job": {"project": "team-a"}}"#, status: .badRequest, field: "job.image"),
        BadInput(label: "project missing", body: #"{"job": {"image": "nginx"}}"#, status: .badRequest, field: "job.project"),
        BadInput(label: "gpu of the wrong type", body: submitBody(extra: #","gpu":[1]"#), status: .badRequest, field: "job.gpu"),
        BadInput(label: "invalid name", body: submitBody(name: "Not_A_Label"), status: .unprocessableContent, field: "job.name"),
        BadInput(label: "invalid project", body: submitBody(project: "Team A"), status: .unprocessableContent, field: "job.project"),
        BadInput(label: "a training job", body: submitBody(extra: #","type":"training""#), status: .unprocessableContent, field: "job.type"),
        BadInput(label: "an unknown field", body: submitBody(extra: #","gpuz":1"#), status: .unprocessableContent, field: "gpuz"),
        BadInput(
            label: "a field with no InferenceWorkload equivalent",
            body: submitBody(extra: #","backoffLimit":3"#),
            status: .unprocessableContent,
            field: "job.backoffLimit"
        ),
        BadInput(
            label: "a template that changes the job",
            body: #"{"job":{"project":"team-a","image":"nginx"},"template":{"name":"t1"}}"#,
            status: .unprocessableContent,
            field: "template.name"
        ),
    ]

    @Test(arguments: badInputs)
    func badInputGetsALegacyErrorNamingTheFieldAndLeavesTheStoreUnchanged(_ input: BadInput) async throws {
        try await withGateway { client, database in
            try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "existing"))
            let before = try await StoreCounts.of(database)
            let response = try await client.send(.post, "/api/v1/jobs", json: input.body)
            #expect(response.status == input.status, "\(input.label): \(response.text)")
            let error = try response.object
            #expect(error["status"] as? Int == Int(input.status.code))
            let message = try #require(error["message"] as? String)
            let details = try #require(error["details"] as? String)
            #expect(message.contains(input.field) || details.contains(input.field), "\(input.label): \(response.text)")
            #expect(response.headers[LegacyHeader.deprecation] != nil)
            #expect(try await StoreCounts.of(database) == before, "\(input.label) changed the store")
        }
    }

    @Test func aBodyOverTheLimitIsRefusedWith413AndWritesNothing() async throws {
        try await withGateway(testLegacyConfiguration(maximumBodySize: 1024)) { client, database in
            let padding = String(repeating: "x", count: 2000)
            let response = try await client.send(.post, "/api/v1/jobs", json: submitBody(extra: #","workingDir":"\#(padding)""#))
            #expect(response.status == .contentTooLarge)
            #expect(try response.object["status"] as? Int == 413)
            #expect(try (response.object["message"] as? String)?.contains("1024") == true)
            #expect(response.headers[LegacyHeader.deprecation] != nil)
            #expect(try await StoreCounts.of(database) == StoreCounts(workloads: 0, outbox: 0, projects: 0, idempotencyKeys: 0))
        }
    }
}
