import Foundation
import GRDB
import GatewayCore
import GatewayPersistence
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHTTP

@Suite struct LegacyQueryTests {
    /// Submits `names` to their projects.
    private func submit(_ jobs: [(name: String, project: String)], _ client: any TestClientProtocol) async throws {
        for job in jobs {
            let response = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: job.name, project: job.project))
            #expect(response.status == .ok, "\(response.text)")
        }
    }

    @Test(arguments: ["/api/v1/jobs", "/api/job", "/researcher/api/v1/jobs", "/researcher/api/job"])
    func listingWithoutAProjectShowsEveryJobAsJobViews(path: String) async throws {
        try await withGateway { client, _ in
            try await submit([("a1", "team-a"), ("b1", "team-b")], client)
            let response = try await client.send(.get, path)
            #expect(response.status == .ok)
            let jobs = try response.dataList
            #expect(Set(jobs.compactMap { $0["name"] as? String }) == ["a1", "b1"])
            let first = try #require(jobs.first { $0["name"] as? String == "a1" })
            #expect(first["project"] as? String == "team-a")
            #expect(first["type"] as? String == "Inference")
            #expect(first["status"] as? String == "Pending")
            #expect(first["images"] as? String == "nginx")
            #expect(first["nodes"] as? [String] == [])
            #expect((first["id"] as? String)?.count == 36)
            #expect((first["createdAt"] as? Int ?? 0) > 1_600_000_000_000)
        }
    }

    @Test(arguments: [
        "/api/v1/jobs?project=team-a", "/api/job?project=team-a", "/api/v1/jobs/team-a", "/api/v1/job/team-a",
        "/researcher/api/v1/jobs/team-a", "/researcher/api/v1/job/team-a",
    ])
    func listingOneProjectShowsOnlyItsJobs(path: String) async throws {
        try await withGateway { client, _ in
            try await submit([("a1", "team-a"), ("a2", "team-a"), ("b1", "team-b")], client)
            let response = try await client.send(.get, path)
            #expect(response.status == .ok, "\(path)")
            #expect(try Set(response.dataList.compactMap { $0["name"] as? String }) == ["a1", "a2"], "\(path)")
        }
    }

    @Test(arguments: ["/api/v1/jobs/team-a/a1", "/api/v1/job/team-a/a1", "/researcher/api/v1/jobs/team-a/a1", "/researcher/api/v1/job/team-a/a1"])
    func gettingOneJobAnswersAListOfOne(path: String) async throws {
        try await withGateway { client, _ in
            try await submit([("a1", "team-a"), ("a2", "team-a")], client)
            let response = try await client.send(.get, path)
            #expect(response.status == .ok, "\(path)")
            let jobs = try response.dataList
            #expect(jobs.count == 1)
            #expect(jobs.first?["name"] as? String == "a1")
            #expect(
                response.values(LegacyHeader.link).contains {
                    $0 == #"<http://localhost/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads/a1>; rel="successor-version""#
                }
            )
        }
    }

    @Test func anUnknownJobIsA404WithTheLegacyErrorBody() async throws {
        try await withGateway { client, _ in
            try await submit([("a1", "team-a")], client)
            let response = try await client.send(.get, "/api/v1/jobs/team-a/nope")
            #expect(response.status == .notFound)
            #expect(try response.object["status"] as? Int == 404)
            #expect(try (response.object["message"] as? String)?.contains("nope") == true)
        }
    }

    @Test func jobTypeFilterKeepsInferenceJobsAndRefusesUnknownTypes() async throws {
        try await withGateway { client, _ in
            try await submit([("a1", "team-a")], client)
            for (filter, count) in [("inference", 1), ("Inference", 1), ("training", 0), ("interactive", 0)] {
                let list = try await client.send(.get, "/api/v1/job/team-a?jobTypeFilter=\(filter)")
                #expect(try list.dataList.count == count, "jobTypeFilter=\(filter)")
            }
            let one = try await client.send(.get, "/api/v1/job/team-a/a1?jobTypeFilter=training")
            #expect(one.status == .notFound)
            let bad = try await client.send(.get, "/api/v1/jobs?jobTypeFilter=batch")
            #expect(bad.status == .badRequest)
            #expect(try bad.object["field"] as? String == "jobTypeFilter")
        }
    }

    @Test func aDashboardPollingWithIfNoneMatchGets304UntilSomethingChanges() async throws {
        try await withGateway { client, _ in
            try await submit([("a1", "team-a")], client)
            let first = try await client.send(.get, "/api/v1/jobs/team-a")
            let tag = try #require(first.headers[.eTag])
            let again = try await client.send(.get, "/api/v1/jobs/team-a", headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(again.headers[LegacyHeader.deprecation] != nil)
            #expect(again.body.readableBytes == 0)

            try await submit([("a2", "team-a")], client)
            let changed = try await client.send(.get, "/api/v1/jobs/team-a", headers: [.ifNoneMatch: tag])
            #expect(changed.status == .ok)
            #expect(changed.headers[.eTag] != tag)
        }
    }

    @Test func aJobsStatusFromTheStoreIsWhatTheListShows() async throws {
        try await withGateway { client, database in
            try await submit([("a1", "team-a")], client)
            let workloads = SQLiteWorkloadRepository(database: database)
            let stored = try #require(try await workloads.find(project: "team-a", name: "a1"))
            try await workloads.update(id: stored.id) { workload in
                workload.status = "Running"
                workload.nodes = ["node-1"]
                workload.allocatedGPUs = 1
                workload.connectionURL = "http://a1.example"
            }
            let job = try #require(try await client.send(.get, "/api/v1/jobs/team-a/a1").dataList.first)
            #expect(job["status"] as? String == "Running")
            #expect(job["nodes"] as? [String] == ["node-1"])
            #expect(job["currentAllocatedGPUs"] as? Double == 1)
            #expect(job["connectionUrl"] as? String == "http://a1.example")
        }
    }
}
