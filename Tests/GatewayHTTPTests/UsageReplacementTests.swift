import Foundation
import GatewayPersistence
import Testing

@testable import GatewayHTTP

/// What the `/migration` page offers each client: the Cluster-API call and the `kubectl` command
/// that replace its latest legacy call.
@Suite struct UsageReplacementTests {
    private func replacement(
        _ endpoint: String,
        project: String? = "team-a",
        job: String? = "job-1",
        object: String? = nil
    ) throws
        -> UsageReplacement
    {
        let now = Date()
        let rows = [
            LegacyUsageDay(
                day: "2026-12-01",
                client: "alice",
                endpoint: "version",
                calls: 1,
                errors: 0,
                firstSeen: now.addingTimeInterval(-100),
                lastSeen: now.addingTimeInterval(-100)
            ),
            LegacyUsageDay(
                day: "2026-12-02",
                client: "alice",
                endpoint: endpoint,
                calls: 2,
                errors: 0,
                firstSeen: now.addingTimeInterval(-50),
                lastSeen: now,
                lastProject: project,
                lastWorkload: job
            ),
        ]
        let report = UsageReport(rows: rows, filter: LegacyUsageFilter())
        let client = try #require(report.clients.first)
        return try #require(
            UsageReplacement.latest(of: client, in: report, groupVersion: "run.ai/v2alpha1", namespace: { "runai-\($0)" }, object: object)
        )
    }

    @Test func theLatestCallOfAClientIsTheOneReplaced() throws {
        let deleted = try replacement("delete")
        #expect(deleted.legacy == "delete team-a/job-1")
        #expect(deleted.request == "DELETE /apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads/job-1")
        #expect(deleted.kubectl == "kubectl delete inferenceworkload job-1 -n runai-team-a")
        #expect(!deleted.hasObject)
    }

    @Test func pollsBecomeGetsOfTheProjectsNamespaceOrOfAllNamespaces() throws {
        #expect(try replacement("getJob").kubectl == "kubectl get inferenceworkload job-1 -n runai-team-a -o yaml")
        #expect(try replacement("listProjectJobs").request == "GET /apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads")
        let all = try replacement("listJobs", project: nil, job: nil)
        #expect(all.legacy == "listJobs" && all.kubectl == "kubectl get inferenceworkloads -A")
    }

    @Test func aSubmitCarriesTheObjectItBecameAndOtherCallsDoNot() throws {
        let submit = try replacement("submit", object: "kind: InferenceWorkload\n")
        #expect(submit.hasObject && submit.object == "kind: InferenceWorkload\n")
        #expect(submit.kubectl == "kubectl apply --server-side -n runai-team-a -f job-1.yaml")
        #expect(try replacement("getJob", object: "kind: InferenceWorkload\n").object == nil)
    }
}
