import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHTTP

@Suite struct MigrationUsageTests {
    /// The usage report of `query` as JSON.
    private func usage(_ client: any TestClientProtocol, _ query: String = "", headers: HTTPFields = [:]) async throws -> [String: Any] {
        let response = try await client.send(.get, "/api/v1/migration/usage\(query)", headers: headers)
        #expect(response.status == .ok, "\(response.text)")
        return try response.object
    }

    private func rows(_ report: [String: Any], _ key: String = "usage") throws -> [[String: Any]] {
        try #require(report[key] as? [[String: Any]])
    }

    private static let day: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter
    }()

    private static func parse(_ text: Any?) throws -> Date {
        try #require((text as? String).flatMap { try? Date($0, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) })
    }

    @Test func theReportCountsEachClientsCallsPerEndpointWithErrorsFirstAndLastSeenAndTheLastJob() async throws {
        try await withGateway(live: true) { client, database in
            let started = Date()
            let alice: HTTPFields = [LegacyHeader.raUser: "alice", .userAgent: "runai-cli/2.4"]
            for name in ["a1", "a2"] {
                #expect(try await client.send(.post, "/api/v1/jobs", json: submitBody(name: name), headers: alice).status == .ok)
            }
            #expect(try await client.send(.post, "/api/v1/jobs", json: "{oops", headers: alice).status == .badRequest)
            for _ in 0..<4 {
                #expect(try await client.send(.get, "/api/v1/jobs/team-a/a2", headers: alice).status == .ok)
            }
            #expect(try await client.send(.get, "/api/v1/version", headers: [LegacyHeader.raUser: "bob"]).status == .ok)
            #expect(try await client.send(.get, "/api/v1/version", headers: [.userAgent: "nightly-script/1.0"]).status == .ok)
            let finished = Date()

            // Reads reach the rollups with their audit batch.
            let rollups = SQLiteLegacyUsageRepository(database: database)
            #expect(try await eventually { try await rollups.days(LegacyUsageFilter()).reduce(0) { $0 + $1.calls } == 9 })
            let report = try await usage(client)
            let entries = try rows(report)
            func entry(_ client: String, _ endpoint: String) throws -> [String: Any] {
                try #require(entries.first { $0["client"] as? String == client && $0["endpoint"] as? String == endpoint }, "\(entries)")
            }
            let submits = try entry("alice", "submit")
            #expect(submits["calls"] as? Int == 3)
            #expect(submits["errors"] as? Int == 1)
            let first = try Self.parse(submits["firstSeen"])
            let last = try Self.parse(submits["lastSeen"])
            #expect(first >= started.addingTimeInterval(-0.001) && first <= last && last <= finished.addingTimeInterval(0.001))
            let today = Self.day.string(from: started)
            #expect((submits["days"] as? [[String: Any]])?.map { $0["day"] as? String } == [today])
            let polls = try entry("alice", "getJob")
            #expect(polls["calls"] as? Int == 4)
            #expect(polls["errors"] as? Int == 0)
            let lastJob = try #require(polls["lastJob"] as? [String: Any])
            #expect(lastJob["project"] as? String == "team-a" && lastJob["name"] as? String == "a2")
            #expect(try entry("bob", "version")["calls"] as? Int == 1)
            // No user named: the user agent and the remote address.
            #expect(try entry("nightly-script/1.0 @ 127.0.0.1", "version")["calls"] as? Int == 1)
            #expect(entries.count == 4)

            let clients = try rows(report, "clients")
            #expect(clients.map { $0["client"] as? String } == ["alice", "bob", "nightly-script/1.0 @ 127.0.0.1"])
            #expect(clients.first?["calls"] as? Int == 7)
            #expect(clients.first?["endpoints"] as? [String] == ["getJob", "submit"])
        }
    }

    @Test func callsOnSeveralDaysAreRolledUpPerDayAndFilteredByClientEndpointAndDays() async throws {
        let database = try makeMigratedDatabase()
        let audit = SQLiteAuditLogRepository(database: database)
        let base = try #require(Self.day.date(from: "2026-03-01"))
        var entries: [AuditEntry] = []
        // carol: 1, 2 and 3 submits on three days (the last of each day fails); dave: one poll a day.
        for dayIndex in 0..<3 {
            for call in 0...dayIndex {
                let at = base.addingTimeInterval(Double(dayIndex) * 86_400 + Double(call) * 60 + 3600)
                entries.append(
                    AuditEntry(
                        at: at,
                        principal: "anonymous",
                        method: "POST",
                        path: "/api/v1/jobs",
                        status: call == dayIndex ? 422 : 200,
                        project: "team-a",
                        workload: "job-\(dayIndex)-\(call)",
                        endpoint: "submit",
                        client: "carol"
                    )
                )
            }
            entries.append(
                AuditEntry(
                    at: base.addingTimeInterval(Double(dayIndex) * 86_400 + 7200),
                    principal: "anonymous",
                    method: "GET",
                    path: "/api/v1/jobs",
                    status: 200,
                    endpoint: "listJobs",
                    client: "dave"
                )
            )
        }
        try await audit.record(entries)
        let repository = SQLiteLegacyUsageRepository(database: database)
        let carol = try await repository.days(LegacyUsageFilter(client: "carol"))
        #expect(carol.map(\.day) == ["2026-03-01", "2026-03-02", "2026-03-03"])
        #expect(carol.map(\.calls) == [1, 2, 3])
        #expect(carol.map(\.errors) == [1, 1, 1])
        #expect(carol.last?.firstSeen == base.addingTimeInterval(2 * 86_400 + 3600))
        #expect(carol.last?.lastSeen == base.addingTimeInterval(2 * 86_400 + 3600 + 120))
        #expect(carol.last?.lastWorkload == "job-2-2")

        try await withGateway(database: database) { client, _ in
            let window = try await usage(client, "?from=2026-03-02&to=2026-03-03&endpoint=submit")
            let entries = try rows(window)
            #expect(entries.count == 1)
            #expect(entries.first?["client"] as? String == "carol")
            #expect(entries.first?["calls"] as? Int == 5)
            #expect((entries.first?["days"] as? [[String: Any]])?.map { $0["calls"] as? Int } == [2, 3])
            #expect(window["from"] as? String == "2026-03-02" && window["to"] as? String == "2026-03-03")
            let dave = try rows(try await usage(client, "?client=dave"), "clients")
            #expect(dave.count == 1)
            #expect((dave.first?["days"] as? [[String: Any]])?.map { $0["calls"] as? Int } == [1, 1, 1])
        }
    }

    @Test(arguments: [
        ("?from=yesterday", "from"), ("?to=2026-02-30", "to"), ("?endpoint=jobs", "endpoint"), ("?from=2026-03-05&to=2026-03-01", "to"),
    ])
    func badFiltersAreRefusedNamingTheParameter(query: String, field: String) async throws {
        try await withGateway { client, _ in
            let response = try await client.send(.get, "/api/v1/migration/usage\(query)")
            #expect(response.status == .badRequest)
            #expect(try response.object["field"] as? String == field, "\(response.text)")
        }
    }

    @Test func onlyATokenForEveryProjectMayReadTheReport() async throws {
        let file = try writeTemporaryFile(
            """
            tokens:
              - token: alice-secret-token
                user: alice
                projects: [team-a]
              - token: ops-secret-token
                user: ops
                projects: ["*"]
            """,
            name: "tokens.yaml"
        )
        try await withGateway(testLegacyConfiguration(authentication: .tokens(file: file))) { client, _ in
            #expect(try await client.send(.get, "/api/v1/migration/usage").status == .unauthorized)
            let limited = try await client.send(.get, "/api/v1/migration/usage", headers: [.authorization: "Bearer alice-secret-token"])
            #expect(limited.status == .forbidden)
            let admin = try await client.send(.get, "/api/v1/migration/usage", headers: [.authorization: "Bearer ops-secret-token"])
            #expect(admin.status == .ok)
        }
    }

    @Test func pruningTheAuditLogKeepsTheDailyRollups() async throws {
        let database = try makeMigratedDatabase()
        let audit = SQLiteAuditLogRepository(database: database)
        let old = Date(timeIntervalSince1970: 1_700_000_000)
        try await audit.record([
            AuditEntry(at: old, principal: "anonymous", method: "GET", path: "/api/v1/version", status: 200, endpoint: "version", client: "erin"),
            AuditEntry(at: Date(), principal: "anonymous", method: "GET", path: "/api/v1/version", status: 200, endpoint: "version", client: "erin"),
        ])
        #expect(try await audit.prune(before: old.addingTimeInterval(1)) == 1)
        #expect(try await audit.recent(limit: 10).count == 1)
        let days = try await SQLiteLegacyUsageRepository(database: database).days(LegacyUsageFilter(client: "erin"))
        #expect(days.reduce(0) { $0 + $1.calls } == 2)
    }

    @Test func theMigrationPageShowsARowPerClientAndEndpointAndALinePerClientWithNamesEscaped() async throws {
        try await withGateway { client, database in
            for user in ["frank", "<script>alert(1)</script>"] {
                #expect(try await client.send(.get, "/api/v1/version", headers: [LegacyHeader.raUser: user]).status == .ok)
            }
            let rollups = SQLiteLegacyUsageRepository(database: database)
            #expect(try await eventually { try await rollups.days(LegacyUsageFilter()).count == 2 })
            let page = try await client.send(.get, "/migration")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let html = page.text
            #expect(html.contains(#"<tr class="usage-row"><td>frank</td><td>version</td><td class="number">1</td>"#))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!html.contains("<script>alert(1)"))
            #expect(html.components(separatedBy: #"<polyline class="series""#).count - 1 == 2)
        }
    }
}
