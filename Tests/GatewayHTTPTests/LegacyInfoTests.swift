import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHTTP

@Suite struct LegacyInfoTests {
    static let projectsFile = """
        projects:
          - name: team-a
            deservedGpus: 2
            nodeAffinity: [dgx]
            department: research
          - name: team-b
            namespace: inference-b
        """

    @Test func withoutConfigurationAProjectIsCreatedOnItsFirstSubmit() async throws {
        try await withGateway { client, _ in
            #expect(try await client.send(.get, "/api/v1/projects").dataList.isEmpty)
            try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a1"))
            let projects = try await client.send(.get, "/api/v1/projects").dataList
            #expect(projects.count == 1)
            #expect(projects.first?["name"] as? String == "team-a")
            #expect(projects.first?["managedNamespace"] as? String == "runai-team-a")
        }
    }

    @Test func configuredProjectsAreListedWithTheirSettings() async throws {
        let file = try writeTemporaryFile(Self.projectsFile)
        try await withGateway(testLegacyConfiguration(projectsFile: file)) { client, _ in
            let projects = try await client.send(.get, "/researcher/api/v1/projects").dataList
            #expect(projects.compactMap { $0["name"] as? String } == ["team-a", "team-b"])
            #expect(projects[0]["deservedGpus"] as? Double == 2)
            #expect(projects[0]["trainNodeAffinity"] as? [String] == ["dgx"])
            #expect(projects[0]["departmentName"] as? String == "research")
            #expect(projects[1]["managedNamespace"] as? String == "inference-b")
        }
    }

    @Test func withConfiguredProjectsAnUnknownProjectIsA404AndWritesNothing() async throws {
        let file = try writeTemporaryFile(Self.projectsFile)
        try await withGateway(testLegacyConfiguration(projectsFile: file)) { client, database in
            let before = try await StoreCounts.of(database)
            let submit = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "x1", project: "team-z"))
            #expect(submit.status == .notFound)
            #expect(try submit.object["field"] as? String == "job.project")
            #expect(try await StoreCounts.of(database) == before)

            #expect(try await client.send(.get, "/api/v1/jobs/team-z").status == .notFound)
            #expect(try await client.send(.get, "/api/v1/jobs?project=team-z").status == .notFound)
            let delete = try await client.send(.delete, "/api/v1/jobs", json: #"[{"name":"x1","project":"team-z"}]"#)
            #expect(try (delete.dataList.first?["error"] as? [String: Any])?["status"] as? Int == 404)
        }
    }

    @Test func aConfiguredNamespaceIsWhereTheWorkloadGoes() async throws {
        let file = try writeTemporaryFile(Self.projectsFile)
        try await withGateway(testLegacyConfiguration(projectsFile: file)) { client, database in
            let response = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "b1", project: "team-b"))
            #expect(response.status == .ok)
            let workload = try #require(try await SQLiteWorkloadRepository(database: database).find(project: "team-b", name: "b1"))
            #expect(workload.namespace == "inference-b")
            #expect(response.values(LegacyHeader.link).contains { $0.contains("/namespaces/inference-b/inferenceworkloads/b1>") })
        }
    }

    @Test func theVersionIsTheResearcherServiceVersionTheCLIExpects() async throws {
        try await withGateway { client, _ in
            let response = try await client.send(.get, "/api/v1/version")
            #expect(response.status == .ok)
            let data = try #require(try response.object["data"] as? [String: Any])
            #expect(data["major"] as? Int == 0)
            #expect(data["minor"] as? Int == 1)
            #expect(data["subver"] as? Int == 11)
            #expect(data["gatewayVersion"] as? String == GatewayVersionInfo.version)
        }
    }

    @Test func theOpenAPIDocumentIsServedFromTheBinary() async throws {
        try await withGateway { client, _ in
            let response = try await client.send(.get, "/openapi.yaml")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
            #expect(response.text.hasPrefix("openapi: 3.1.0"))
            #expect(response.text.contains("/api/v1/jobs:"))
            #expect(response.headers[LegacyHeader.deprecation] == nil, "the document is not a legacy response")
        }
    }
}
