import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import KubernetesClient
import Testing

@testable import GatewaySync

@Suite struct StatusSyncTests {
    @Test func statusFromTheClusterReachesTheRecord() async throws {
        let harness = try Harness()
        let workload = try await harness.submit("served", gpu: "0.5")
        await harness.relay().drainOnce(harness.cluster)
        await harness.cluster.tamper("runai-team-a", "served") { object in
            guard case .object(var fields) = object else { return }
            var metadata = fields["metadata"]?.objectValue ?? [:]
            metadata["annotations"] = ["runai-calculated-status": "Running"]
            fields["metadata"] = .object(metadata)
            fields["status"] = ["readyReplicas": 2, "nodes": ["node-a", "node-b"], "url": "http://served.runai-team-a.example"]
            object = .object(fields)
        }
        let object = try #require(await harness.cluster.object("runai-team-a", "served"))
        try await harness.reconciler.observe(object, policy: .reapply)

        let stored = try #require(try await harness.workloads.find(id: workload.id))
        #expect(stored.status == "Running")
        #expect(stored.nodes == ["node-a", "node-b"])
        #expect(stored.allocatedGPUs == 1.0)
        #expect(stored.connectionURL == "http://served.runai-team-a.example")
        #expect(stored.syncState == .synced)
    }

    @Test func anObjectDeletedBehindTheGatewaysBackShowsAsDeleted() async throws {
        let harness = try Harness()
        let workload = try await harness.submit("vanished")
        await harness.relay().drainOnce(harness.cluster)
        await harness.cluster.tamper("runai-team-a", "vanished") { $0 = nil }

        // Noticed by a relist (the watch was down meanwhile).
        try await harness.reconciler.reconcile(listed: [], namespace: nil, policy: .reapply)
        let stored = try #require(try await harness.workloads.find(id: workload.id))
        #expect(stored.status == "Deleted")
        #expect(stored.lastError?.contains("deleted outside the gateway") == true)
        #expect(try await harness.outbox.pendingCount() == 0)
    }

    @Test func anObjectChangedBehindTheGatewaysBackIsAppliedAgainOrReported() async throws {
        for policy in StatusSync.DriftPolicy.allCases {
            let harness = try Harness()
            let workload = try await harness.submit("drifting")
            await harness.relay().drainOnce(harness.cluster)
            await harness.cluster.tamper("runai-team-a", "drifting") { object in
                guard case .object(var fields) = object else { return }
                fields["spec"] = ["image": ["value": "evil:latest"], "gpu": ["value": "1"]]
                object = .object(fields)
            }
            let object = try #require(await harness.cluster.object("runai-team-a", "drifting"))
            try await harness.reconciler.observe(object, policy: policy)

            switch policy {
            case .reapply:
                #expect(try await harness.outbox.pendingCount() == 1)
                await harness.relay().drainOnce(harness.cluster)
                let healed = await harness.cluster.object("runai-team-a", "drifting")
                #expect(healed?["spec"]?["image"]?["value"] == "nginx")
            case .report:
                #expect(try await harness.outbox.pendingCount() == 0)
                let stored = try #require(try await harness.workloads.find(id: workload.id))
                #expect(stored.lastError?.contains("changed outside the gateway") == true)
            }
        }
    }

    @Test func fieldsTheClusterAddsAreNotDrift() throws {
        let desired = #"{"metadata":{"labels":{"project":"a"}},"spec":{"gpu":{"value":"1"},"minScale":{"value":1}}}"#
        let actual: JSONValue = [
            "metadata": ["labels": ["project": "a", "extra": "x"], "annotations": ["k": "v"]],
            "spec": ["gpu": ["value": "1"], "minScale": ["value": 1.0], "defaulted": true],
            "status": ["phase": "Running"],
        ]
        #expect(!StatusReconciler.drifted(desired: desired, actual: actual))
        let changed: JSONValue = ["metadata": ["labels": ["project": "a"]], "spec": ["gpu": ["value": "2"], "minScale": ["value": 1]]]
        #expect(StatusReconciler.drifted(desired: desired, actual: changed))
    }

    @Test(
        arguments: [
            ([:], nil, "Pending"),
            (["runai-calculated-status": "Running"], nil, "Running"),
            (["runai-calculated-status": "ImagePullBackOff"], nil, "ImagePullBackOff"),
            (["runai-calculated-status": "Running", "unschedulable": "true"], nil, "Unschedulable"),
            (["runai-calculated-status": "Succeeded", "unschedulable": "true"], nil, "Succeeded"),
            ([:], "True", "Running"),
            (["runai-calculated-status": "Running"], "False", "Running"),
        ] as [([String: String], String?, String)]
    )
    func legacyStatusFollowsTheRunaiOrder(annotations: [String: String], ready: String?, expected: String) {
        var object: [String: JSONValue] = [
            "apiVersion": "run.ai/v2alpha1",
            "kind": "InferenceWorkload",
            "metadata": ["name": "w", "namespace": "runai-a", "annotations": .object(annotations.mapValues(JSONValue.string))],
            "spec": ["image": ["value": "nginx"], "gpu": ["value": "0.5"]],
        ]
        if let ready { object["status"] = ["conditions": [["type": "Ready", "status": .string(ready)]]] }
        let observation = ClusterObservation(object: .object(object))
        #expect(observation.status == expected)
        #expect(observation.allocatedGPUs == (expected == "Running" ? 0.5 : 0))
    }

    @Test func retriesBackOffExponentiallyWithinBoundsAndHonourRetryAfter() {
        let schedule = RetrySchedule(initialDelay: .seconds(1), maximumDelay: .seconds(8), jitter: 0.2)
        #expect(schedule.delay(afterAttempt: 1, random: 0.5) == .seconds(1))
        #expect(schedule.delay(afterAttempt: 3, random: 0.5) == .seconds(4))
        #expect(schedule.delay(afterAttempt: 10, random: 0.5) == .seconds(8))
        #expect(schedule.delay(afterAttempt: 1, random: 0) == .milliseconds(800))
        #expect(schedule.delay(afterAttempt: 1, random: 0.999_999) <= .milliseconds(1200))
        #expect(schedule.delay(afterAttempt: 1, retryAfter: .seconds(30), random: 0.5) == .seconds(30))
    }
}

@Suite struct WatchRecoveryTests {
    /// Waits for a condition, polling the store with a deadline (the sync runs concurrently).
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            await Task.yield()
            try await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    @Test func aWatchAnsweredWithExpiredListsAgainAndMissesNoUpdate() async throws {
        let harness = try Harness()
        let workload = try await harness.submit("watched")
        await harness.relay().drainOnce(harness.cluster)
        let object = try #require(await harness.cluster.object("runai-team-a", "watched"))

        let sync = StatusSync(kubernetes: { harness.cluster }, reconciler: harness.reconciler, logger: harness.logger)
        let follow = Task {
            await sync.follow(
                PushTarget.inferenceWorkloads(apiVersion: "run.ai/v2alpha1"),
                namespace: nil,
                harness.cluster
            )
        }
        defer { follow.cancel() }
        #expect(try await eventually { await harness.cluster.watchedFrom.count == 1 })

        // While the watch is open the object becomes Running, but the server answers the watch
        // with 410 Expired instead of the event: the relist must pick the change up, and the
        // next watch starts from the relist's version.
        await harness.cluster.tamper("runai-team-a", "watched") { current in
            guard case .object(var fields) = current else { return }
            var metadata = fields["metadata"]?.objectValue ?? [:]
            metadata["annotations"] = ["runai-calculated-status": "Running"]
            fields["metadata"] = .object(metadata)
            current = .object(fields)
        }
        #expect(try await harness.workloads.find(id: workload.id)?.status == "Pending")
        await harness.cluster.breakOpenWatches(with: KubernetesError(.expired, "too old resource version", httpStatus: 410))

        #expect(try await eventually { await harness.cluster.watchedFrom.count == 2 })
        let requests = await harness.cluster.requests
        #expect(requests.filter { $0 == "LIST" }.count == 2, "\(requests)")
        #expect(try await harness.workloads.find(id: workload.id)?.status == "Running")
        #expect(object["metadata"]?["uid"] != nil)
    }
}
