import Foundation
import GatewayCore
import GatewayPersistence
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHTTP

/// Names checked whole and strict JSON on legacy writes: each refusal answers 400 or 422 naming the
/// field or the position, writes nothing, and is audited with its status.
@Suite struct StrictInputTests {
    /// Submits `keepme` and `keep2` to project `p`.
    private func seed(_ client: any TestClientProtocol) async throws {
        for name in ["keepme", "keep2"] {
            let response = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: name, project: "p"))
            #expect(response.status == .ok, "\(response.text)")
        }
    }

    /// The names of `p`'s live jobs.
    private func jobsOfP(_ database: GatewayDatabase) async throws -> Set<String> {
        Set(try await SQLiteWorkloadRepository(database: database).list(project: "p").map(\.name))
    }

    /// Expects a refusal with `status` naming `field`, the store unchanged since `before` and an audit entry of it.
    private func expectRefused(
        _ response: TestResponse,
        status: HTTPResponse.Status,
        field: String?,
        before: StoreCounts,
        database: GatewayDatabase,
        method: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        #expect(response.status == status, "\(response.text)", sourceLocation: sourceLocation)
        let body = try response.object
        #expect(body["status"] as? Int == Int(status.code), sourceLocation: sourceLocation)
        #expect(body["field"] as? String == field, "\(response.text)", sourceLocation: sourceLocation)
        #expect(try await StoreCounts.of(database) == before, sourceLocation: sourceLocation)
        #expect(try await jobsOfP(database) == ["keepme", "keep2"], sourceLocation: sourceLocation)
        let audited = try await eventually {
            try await SQLiteAuditLogRepository(database: database).recent(limit: 50)
                .contains { $0.method == method && $0.status == Int(status.code) && $0.project == nil }
        }
        #expect(audited, "the refusal is in the audit log, without a project", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["/api/v1/jobs", "/api/v1/job", "/api/job"])
    func aDeleteListWithANULInANameDeletesNothing(path: String) async throws {
        try await withGateway { client, database in
            try await seed(client)
            let before = try await StoreCounts.of(database)
            let response = try await client.send(.delete, path, json: #"[{"name":"keepme\u0000zzz","project":"p"}]"#)
            try await expectRefused(response, status: .unprocessableContent, field: "[0].name", before: before, database: database, method: "DELETE")
            #expect(try response.object["message"] as? String == "[0].name: must be a DNS-1123 label")
            #expect(try (response.object["details"] as? String)?.contains(#""keepme\u0000zzz""#) == true)
        }
    }

    @Test func oneBadEntryRefusesTheWholeList() async throws {
        try await withGateway { client, database in
            try await seed(client)
            let before = try await StoreCounts.of(database)
            let response = try await client.send(
                .delete,
                "/api/v1/jobs",
                json: #"[{"name":"keep2","project":"p"},{"name":"keepme","project":"p\u0000"}]"#
            )
            try await expectRefused(
                response,
                status: .unprocessableContent,
                field: "[1].project",
                before: before,
                database: database,
                method: "DELETE"
            )
        }
    }

    @Test(arguments: [
        (#"{"jobName":"keep2","project":"p\u0000other"}"#, "/api/v1/job", "project"),
        (#"{"name":"keep2","projectName":"p\u0000"}"#, "/api/v1/job", "projectName"),
        (#"{"jobName":"keep2\u0000x","project":"p"}"#, "/api/v1/job", "jobName"),
        (#""keep2\u0000""#, "/api/v1/job", "jobName"),
        (#""keep2""#, "/api/v1/job?project=p%00other", "project"),
        (#"[{"name":"keep2","project":"p"}]"#, "/api/v1/jobs?project=P", "project"),
    ])
    func aSingleDeleteWithABadNameOrProjectDeletesNothing(body: String, path: String, field: String) async throws {
        try await withGateway { client, database in
            try await seed(client)
            let before = try await StoreCounts.of(database)
            let response = try await client.send(.delete, path, json: body)
            try await expectRefused(response, status: .unprocessableContent, field: field, before: before, database: database, method: "DELETE")
        }
    }

    @Test(arguments: [
        ("/api/v1/jobs?project=p%00zzz", "project"), ("/api/job?project=p%00zzz", "project"),
        ("/api/v1/jobs/p%00zzz", "project"), ("/api/v1/job/p%00zzz", "projectName"),
        ("/api/v1/jobs/p/keepme%00zzz", "job"), ("/api/v1/job/p/keepme%00zzz", "jobName"),
        ("/api/v1/jobs/p%00/keepme", "project"), ("/researcher/api/v1/jobs/Team_A", "project"),
        ("/api/v1/jobs/p/Keepme", "job"),
    ])
    func aReadWithABadNameIsA422NamingTheParameter(path: String, field: String) async throws {
        try await withGateway { client, database in
            try await seed(client)
            let response = try await client.send(.get, path)
            #expect(response.status == .unprocessableContent, "\(path): \(response.text)")
            #expect(try response.object["field"] as? String == field, "\(path)")
            #expect(response.headers[LegacyHeader.deprecation] != nil)
        }
    }

    @Test func validNamesReadAsBefore() async throws {
        try await withGateway { client, _ in
            try await seed(client)
            #expect(try await client.send(.get, "/api/v1/jobs?project=p").dataList.count == 2)
            #expect(try await client.send(.get, "/api/v1/jobs?project=").dataList.count == 2, "an empty project lists every project")
            #expect(try await client.send(.get, "/api/v1/jobs/p/keepme").dataList.count == 1)
            #expect(try await client.send(.get, "/api/v1/jobs/p/kee%70me").dataList.count == 1, "path segments are percent-decoded")
            #expect(try await client.send(.get, "/api/v1/jobs/p/nope").status == .notFound, "a valid name that does not exist stays a 404")
            #expect(try await client.send(.get, "/api/v1/jobs/other").dataList.isEmpty)
        }
    }

    @Test(arguments: [
        (#"{"job":{"name":"a1","project":"p","image":"nginx","image":"evil"}}"#, "duplicate key \"image\" at line 1, column 51 (byte 50)"),
        (#"{"job":{"project":"p","image":"nginx"},"job":{"project":"q","image":"nginx"}}"#, "duplicate key \"job\" at line 1, column 40 (byte 39)"),
        (#"{"job":{"project":"p","image":"nginx\ud800"}}"#, "unpaired surrogate in a \\u escape at line 1, column 37 (byte 36)"),
    ])
    func aSubmitWithARepeatedKeyOrALoneSurrogateIsA400NamingThePosition(body: String, position: String) async throws {
        try await withGateway { client, database in
            try await seed(client)
            let before = try await StoreCounts.of(database)
            let response = try await client.send(.post, "/api/v1/jobs", json: body)
            try await expectRefused(response, status: .badRequest, field: nil, before: before, database: database, method: "POST")
            #expect(try (response.object["details"] as? String)?.contains(position) == true, "\(response.text)")
        }
    }

    @Test(arguments: [
        [UInt8](#"{"job":{"project":"p","image":"ngi"#.utf8) + [0xC0, 0xAF] + [UInt8](#"nx"}}"#.utf8),
        [UInt8](#"{"job":{"project":"p","image":"ngi"#.utf8) + [0xED, 0xA0, 0x80] + [UInt8](#"nx"}}"#.utf8),
        [UInt8](#"{"job":{"project":"p","image":"ngi"#.utf8) + [0xFF] + [UInt8](#"nx"}}"#.utf8),
    ])
    func aSubmitWithInvalidUTF8IsA400NamingTheByte(body: [UInt8]) async throws {
        try await withGateway { client, database in
            try await seed(client)
            let before = try await StoreCounts.of(database)
            let response = try await client.execute(
                uri: "/api/v1/jobs",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(bytes: body)
            )
            try await expectRefused(response, status: .badRequest, field: nil, before: before, database: database, method: "POST")
            #expect(try (response.object["details"] as? String)?.contains("invalid UTF-8 in a string at line 1, column 35 (byte 34)") == true)
        }
    }

    @Test func aDeleteBodyWithARepeatedKeyIsA400() async throws {
        try await withGateway { client, database in
            try await seed(client)
            let before = try await StoreCounts.of(database)
            let response = try await client.send(.delete, "/api/v1/job", json: #"{"jobName":"nope","jobName":"keep2","project":"p"}"#)
            try await expectRefused(response, status: .badRequest, field: nil, before: before, database: database, method: "DELETE")
            #expect(try (response.object["details"] as? String)?.contains(#"duplicate key "jobName""#) == true)
        }
    }

    @Test(arguments: [
        (#","image":"nginx\u0000:latest""#, "job.image"),
        (#","image":"nginx","gpu":123456789012345678901234567890"#, "job.gpu"),
        (#","image":"nginx","runAsUid":99999999999"#, "job.runAsUid"),
        (#","image":"nginx","command":["sh","-c","echo\u0007"]"#, "job.command[2]"),
        (#","image":"nginx","environment":{"A":"\u001b[31m"}"#, "job.environment.A"),
        (#","name":"keepme\u0000","image":"nginx""#, "job.name"),
    ])
    func aSubmitWithControlCharactersOrAnOutOfRangeNumberIsA422(job: String, field: String) async throws {
        try await withGateway { client, database in
            try await seed(client)
            let before = try await StoreCounts.of(database)
            let response = try await client.send(.post, "/api/job", json: #"{"job":{"project":"p"\#(job)}}"#)
            #expect(response.status == .unprocessableContent, "\(response.text)")
            #expect(try response.object["field"] as? String == field, "\(response.text)")
            #expect(try await StoreCounts.of(database) == before)
        }
    }
}
