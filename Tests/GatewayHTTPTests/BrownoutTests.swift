import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHTTP

/// Brownout windows through the router: calls inside a window answer 410 with the window and
/// the successor, calls outside it, of an exempt client or exempt polls are served, and every
/// brownout answer carries the deprecation headers, is counted and audited.
@Suite struct BrownoutTests {
    private static func iso(_ offset: TimeInterval) -> String { BrownoutPlan.iso8601(Date().addingTimeInterval(offset)) }

    /// A configuration whose brownouts file holds `text`.
    private func configuration(_ text: String) throws -> LegacyAPIConfiguration {
        var legacy = testLegacyConfiguration()
        legacy.brownoutsFile = try writeTemporaryFile(text, name: "brownouts.yaml")
        return legacy
    }

    /// One window open now (from a minute ago for an hour), with `extra` lines in it and `top` above it.
    private func openWindow(_ extra: String = "", top: String = "") -> String {
        "\(top)windows:\n  - name: first\n    start: \(Self.iso(-60))\n    end: \(Self.iso(3600))\n\(extra)"
    }

    @Test func aSubmitInsideAWindowIsGoneWithTheWindowTheSuccessorAndTheWorkloadItWouldBecome() async throws {
        let end = Self.iso(3600)
        let text = "windows:\n  - name: first\n    start: \(Self.iso(-60))\n    end: \(end)\n    reason: the old API stops in June\n"
        try await withGateway(try configuration(text)) { (client, database) async throws in
            let response = try await client.send(.post, "/api/v1/jobs", json: workedExample, headers: [LegacyHeader.raUser: "alice"])
            #expect(response.status == .gone)
            let body = try response.object
            #expect(body["status"] as? Int == 410)
            let brownout = try #require(body["brownout"] as? [String: Any])
            #expect(brownout["window"] as? String == "first")
            #expect(brownout["end"] as? String == end)
            #expect(brownout["reason"] as? String == "the old API stops in June")
            let successor = try #require(body["successor"] as? [String: Any])
            #expect(successor["method"] as? String == "POST")
            #expect(successor["url"] as? String == "http://localhost/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads")
            let workload = try #require(successor["body"] as? [String: Any])
            #expect(workload["kind"] as? String == "InferenceWorkload")
            #expect((workload["metadata"] as? [String: Any])?["name"] as? String == "inference1")
            #expect((body["message"] as? String)?.contains("until \(end)") == true)
            #expect(response.headers[LegacyHeader.deprecation] == "@1651363200")
            #expect(
                response.values(LegacyHeader.link).contains { $0.contains("/namespaces/runai-team-a/inferenceworkloads>; rel=\"successor-version\"") }
            )
            #expect(response.headers[LegacyHeader.warning]?.hasPrefix("299 - \"POST /api/v1/jobs is deprecated") == true)
            #expect(try await StoreCounts.of(database).workloads == 0, "a browned-out submit stores nothing")

            let metrics = try await client.send(.get, "/metrics").text
            #expect(metrics.contains(#"gateway_brownout_answers_total{window="first",endpoint="submit"} 1"#), "\(metrics)")
            #expect(metrics.contains(#"gateway_deprecated_api_requests_total{endpoint="submit",client="alice"} 1"#))
            let audit = SQLiteAuditLogRepository(database: database)
            #expect(
                try await eventually {
                    try await audit.recent(limit: 10).contains { $0.status == 410 && $0.method == "POST" && $0.project == "team-a" }
                }
            )
        }
    }

    @Test func aPollOfOneJobInsideAWindowNamesTheObjectThatReplacesIt() async throws {
        try await withGateway(try configuration(openWindow())) { (client, _) async throws in
            let response = try await client.send(.get, "/researcher/api/v1/jobs/team-a/inf1")
            #expect(response.status == .gone)
            let successor = try #require(try response.object["successor"] as? [String: Any])
            #expect(successor["method"] as? String == "GET")
            #expect(successor["url"] as? String == "http://localhost/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads/inf1")
            #expect(successor["body"] == nil)
        }
    }

    @Test func callsOutsideEveryWindowAreServed() async throws {
        let text = "windows:\n  - name: later\n    start: \(Self.iso(3600))\n    end: \(Self.iso(7200))\n"
        try await withGateway(try configuration(text)) { (client, database) async throws in
            #expect(try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a1")).status == .ok)
            #expect(try await client.send(.get, "/api/v1/jobs/team-a/a1").status == .ok)
            #expect(try await StoreCounts.of(database).workloads == 1)
        }
    }

    @Test func anExemptClientIsServedInsideAWindowAndOthersAreNot() async throws {
        try await withGateway(try configuration(openWindow(top: "exemptClients: [ci-robot]\n"))) { (client, _) async throws in
            let exempt = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a1"), headers: [LegacyHeader.raUser: "ci-robot"])
            #expect(exempt.status == .ok)
            let other = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a2"), headers: [LegacyHeader.raUser: "bob"])
            #expect(other.status == .gone)
        }
    }

    @Test func exemptPollsAreServedWhileWritesAreGone() async throws {
        try await withGateway(try configuration(openWindow(top: "exemptPolls: true\n"))) { (client, _) async throws in
            #expect(try await client.send(.get, "/api/v1/jobs").status == .ok)
            #expect(try await client.send(.get, "/api/v1/projects").status == .ok)
            #expect(try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a1")).status == .gone)
            #expect(try await client.send(.delete, "/api/v1/jobs", json: #"[{"name":"a1","project":"team-a"}]"#).status == .gone)
        }
    }

    @Test func aWindowCoversOnlyItsClientsAndEndpoints() async throws {
        let text = openWindow("    clients: [alice]\n    endpoints: [submit]\n")
        try await withGateway(try configuration(text)) { (client, _) async throws in
            let alice: HTTPFields = [LegacyHeader.raUser: "alice"]
            #expect(try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a1"), headers: alice).status == .gone)
            #expect(try await client.send(.get, "/api/v1/jobs", headers: alice).status == .ok)
            #expect(try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "b1"), headers: [LegacyHeader.raUser: "bob"]).status == .ok)
        }
    }

    @Test func aChangedFileTakesEffectOnTheNextCall() async throws {
        let legacy = try configuration("windows:\n  - name: later\n    start: \(Self.iso(3600))\n    end: \(Self.iso(7200))\n")
        try await withGateway(legacy) { (client, _) async throws in
            #expect(try await client.send(.get, "/api/v1/jobs").status == .ok)
            try openWindow().write(toFile: try #require(legacy.brownoutsFile), atomically: true, encoding: .utf8)
            #expect(try await client.send(.get, "/api/v1/jobs").status == .gone)
        }
    }

    @Test(arguments: [
        ("windows:\n  - name: old\n    start: 2020-01-01T00:00:00Z\n    end: 2020-01-02T00:00:00Z\n", "windows[0].end is in the past"),
        ("windows:\n  - name: x\n    start: 2099-01-02T00:00:00Z\n    end: 2099-01-01T00:00:00Z\n", "windows[0].end must be after windows[0].start"),
        (
            "windows:\n  - name: x\n    start: 2099-01-01T00:00:00Z\n    end: 2099-01-02T00:00:00Z\n    endpoints: [jobs]\n",
            "windows[0].endpoints names jobs"
        ),
        ("windows:\n  - name: x\n    end: 2099-01-02T00:00:00Z\n", "windows[0].start is missing"),
        ("windows:\n  - name: x\n    start: soon\n    end: 2099-01-02T00:00:00Z\n", "windows[0].start must be @<unix seconds>"),
        ("windows: []\nexempt: [a]\n", "unknown key exempt"),
    ])
    func anInvalidFileStopsTheStartNamingTheKeyAndTheRule(text: String, message: String) async throws {
        let legacy = try configuration(text)
        await #expect {
            try await withGateway(legacy) { _, _ in }
        } throws: { error in
            "\(error)".contains(message) && "\(error)".contains(legacy.brownoutsFile ?? "?")
        }
    }
}
