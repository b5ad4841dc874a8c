import Foundation
import GatewayCore
import GatewayPersistence
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHTTP

@Suite struct LegacyDeleteTests {
    @Test(arguments: ["/api/v1/jobs", "/api/job", "/researcher/api/v1/jobs"])
    func theListFormDeletesEachJobAndReportsEachOutcome(path: String) async throws {
        try await withGateway { client, database in
            for name in ["a1", "a2"] {
                try await client.send(.post, "/api/v1/jobs", json: submitBody(name: name))
            }
            let response = try await client.send(
                .delete,
                path,
                json: #"[{"name":"a1","project":"team-a"},{"name":"nope","project":"team-a"}]"#
            )
            #expect(response.status == .ok)
            let statuses = try response.dataList
            #expect(statuses.count == 2)
            #expect(statuses[0]["name"] as? String == "a1")
            #expect(statuses[0]["ok"] as? Bool == true)
            #expect(statuses[1]["ok"] as? Bool == false)
            #expect((statuses[1]["error"] as? [String: Any])?["status"] as? Int == 404)

            let remaining = try await client.send(.get, "/api/v1/jobs/team-a").dataList.compactMap { $0["name"] as? String }
            #expect(remaining == ["a2"])
            let outbox = try await SQLiteOutboxRepository(database: database).pendingCount()
            #expect(outbox == 3, "two apply pushes and one delete push")
        }
    }

    @Test func theSwaggerFormTakesTheJobNameAsAJSONString() async throws {
        try await withGateway { client, _ in
            try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a1"))
            let response = try await client.send(.delete, "/api/v1/job", json: #""a1""#)
            #expect(response.status == .ok)
            #expect(try response.object["name"] as? String == "a1")
            #expect(try response.object["ok"] as? Bool == true)
            #expect(
                response.values(LegacyHeader.link).contains {
                    $0.contains("/namespaces/runai-team-a/inferenceworkloads/a1>")
                }
            )
            let again = try await client.send(.delete, "/api/v1/job", json: #""a1""#)
            #expect(try again.object["ok"] as? Bool == false)
            #expect(try (again.object["error"] as? [String: Any])?["status"] as? Int == 404)
        }
    }

    @Test func theSwaggerFormAsksForTheProjectWhenTheNameIsInSeveral() async throws {
        try await withGateway { client, _ in
            try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "same", project: "team-a"))
            try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "same", project: "team-b"))
            let ambiguous = try await client.send(.delete, "/api/v1/job", json: #""same""#)
            #expect(ambiguous.status == .badRequest)
            #expect(try ambiguous.object["field"] as? String == "project")

            let object = try await client.send(.delete, "/api/v1/job", json: #"{"jobName":"same","project":"team-b"}"#)
            #expect(try object.object["ok"] as? Bool == true)
            let query = try await client.send(.delete, "/api/v1/job?project=team-a", json: #""same""#)
            #expect(try query.object["ok"] as? Bool == true)
        }
    }

    @Test(arguments: [
        (#"{"jobs": 1}"#, HTTPResponse.Status.unprocessableContent),
        ("[]", .badRequest),
        (#"[{"name":"a1"}]"#, .badRequest),
        ("42", .badRequest),
        ("not json", .badRequest),
    ])
    func aBadDeleteBodyIsRefusedAndDeletesNothing(body: String, status: HTTPResponse.Status) async throws {
        try await withGateway { client, database in
            try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a1"))
            let before = try await StoreCounts.of(database)
            let response = try await client.send(.delete, "/api/v1/jobs", json: body)
            #expect(response.status == status, "\(body): \(response.text)")
            #expect(try response.object["status"] as? Int == Int(status.code))
            #expect(try await StoreCounts.of(database) == before)
            #expect(try await client.send(.get, "/api/v1/jobs").dataList.count == 1)
        }
    }
}
