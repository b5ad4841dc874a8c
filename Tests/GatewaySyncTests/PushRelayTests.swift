import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import KubernetesClient
import Testing

@testable import GatewaySync

@Suite struct PushRelayTests {
    @Test func anApplyIsPushedOnceAndTheWorkloadRecordsTheClusterIdentity() async throws {
        let harness = try Harness()
        let workload = try await harness.submit("inference1")
        let relay = harness.relay()

        #expect(await relay.drainOnce(harness.cluster) == 1)
        let object = try #require(await harness.cluster.object("runai-team-a", "inference1"))
        let stored = try #require(try await harness.workloads.find(id: workload.id))
        #expect(stored.syncState == .synced)
        #expect(stored.clusterUID == object["metadata"]?["uid"]?.stringValue)
        #expect(stored.clusterResourceVersion == "1")
        #expect(await harness.outcomes.wait(for: workload.id, timeout: .seconds(5)) == .pushed)
        #expect(await relay.drainOnce(harness.cluster) == 0)
        #expect(await harness.cluster.requests == ["APPLY runai-team-a/inference1"])
    }

    @Test func aReplayedApplyAfterALostAnswerLeavesOneObject() async throws {
        let harness = try Harness()
        try await harness.submit("replayed")
        let entry = try #require(try await harness.outbox.due(at: Date(), limit: 1).first)
        // The push reached the cluster, but the gateway died before recording it.
        _ = try await harness.cluster.patch(
            PushTarget.inferenceWorkloads(apiVersion: "run.ai/v2alpha1"),
            namespace: "runai-team-a",
            name: "replayed",
            subresource: nil,
            patch: .apply(Data(entry.payload.utf8), force: true),
            options: WriteOptions()
        )
        let uid = await harness.cluster.object("runai-team-a", "replayed")?["metadata"]?["uid"]

        await harness.relay().drainOnce(harness.cluster)
        #expect(await harness.cluster.objects.count == 1)
        #expect(await harness.cluster.object("runai-team-a", "replayed")?["metadata"]?["uid"] == uid)
        #expect(try await harness.outbox.pendingCount() == 0)
    }

    @Test func aDeleteFollowsItsApplyAndAnObjectAlreadyGoneCountsAsDeleted() async throws {
        let harness = try Harness()
        let workload = try await harness.submit("short-lived")
        _ = try await harness.workloads.delete(project: "team-a", name: "short-lived", at: Date())
        let relay = harness.relay()

        await relay.drainOnce(harness.cluster)
        #expect(await harness.cluster.requests == ["APPLY runai-team-a/short-lived"])
        await relay.drainOnce(harness.cluster)
        #expect(await harness.cluster.object("runai-team-a", "short-lived") == nil)
        #expect(try await harness.workloads.find(id: workload.id)?.syncState == .deleted)

        // A second delete of the same name, when the object is already gone, completes too.
        let again = try await harness.submit("short-lived")
        _ = try await harness.workloads.delete(project: "team-a", name: "short-lived", at: Date())
        await harness.cluster.failNext(KubernetesError(.serverError, "boom", httpStatus: 500))
        await relay.drainOnce(harness.cluster)  // the apply fails and is retried later
        let entries = try await harness.outbox.due(at: Date().addingTimeInterval(3600), limit: 10)
        #expect(entries.map(\.operation) == [.apply])
        #expect(try await harness.workloads.find(id: again.id)?.syncState == .pending)
    }

    @Test func aRefusalNoRetryCanFixFailsAtOnceAndReachesTheWaitingSubmit() async throws {
        let harness = try Harness()
        let workload = try await harness.submit("refused")
        await harness.cluster.failNext(
            KubernetesError(.invalid, "spec.gpu: Invalid value: \"9\": exceeds quota", httpStatus: 422, reason: "Invalid")
        )
        await harness.relay().drainOnce(harness.cluster)

        let outcome = await harness.outcomes.wait(for: workload.id, timeout: .seconds(5))
        #expect(outcome == .rejected(code: 422, reason: "Invalid", message: "spec.gpu: Invalid value: \"9\": exceeds quota"))
        let stored = try #require(try await harness.workloads.find(id: workload.id))
        #expect(stored.syncState == .failed)
        #expect(stored.lastError?.contains("exceeds quota") == true)
        #expect(try await harness.outbox.pendingCount() == 0)
    }

    @Test func anUnreachableClusterDefersThePushUntilTheClusterIsBack() async throws {
        let harness = try Harness()
        let workload = try await harness.submit("patient")
        await harness.cluster.failNext(
            KubernetesError(.connectionFailed, "connection refused"),
            KubernetesError(.tooManyRequests, "slow down", httpStatus: 429, retryAfterSeconds: 120)
        )
        let relay = harness.relay()
        await relay.drainOnce(harness.cluster)
        #expect(await harness.outcomes.wait(for: workload.id, timeout: .seconds(5)) == .deferred(message: "connection refused"))
        let first = try #require(try await harness.outbox.find(id: 1))
        #expect(first.attempts == 1)
        #expect(first.nextAttemptAt > Date().addingTimeInterval(20))

        // A successful list means the cluster is back: queued pushes become due at once.
        try await harness.reconciler.reconcile(listed: [], namespace: nil, policy: .reapply)
        await relay.drainOnce(harness.cluster)  // 429 with Retry-After: 120 s
        let second = try #require(try await harness.outbox.find(id: 1))
        #expect(second.attempts == 2)
        #expect(second.nextAttemptAt > Date().addingTimeInterval(100))

        try await harness.reconciler.reconcile(listed: [], namespace: nil, policy: .reapply)
        await relay.drainOnce(harness.cluster)
        #expect(try await harness.workloads.find(id: workload.id)?.syncState == .synced)
        #expect(await harness.cluster.objects.count == 1)
    }

    @Test func attemptsRunOutAndTheWorkloadShowsTheLastError() async throws {
        let harness = try Harness()
        let workload = try await harness.submit("doomed")
        let relay = harness.relay(retry: RetrySchedule(initialDelay: .milliseconds(1), maximumAttempts: 2, jitter: 0))
        for _ in 0..<2 {
            await harness.cluster.failNext(KubernetesError(.serverError, "etcd unavailable", httpStatus: 503))
            _ = try await harness.outbox.expedite(at: Date().addingTimeInterval(1))
            await relay.drainOnce(harness.cluster)
        }
        let stored = try #require(try await harness.workloads.find(id: workload.id))
        #expect(stored.syncState == .failed)
        #expect(stored.lastError == "etcd unavailable")
    }
}
