import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import KubernetesClient
import Testing

@testable import GatewaySync

/// Status sync feeds a record only from the object the gateway pushed for it: its namespace, its
/// name and the `uid` stored at push time, never the labels a client can set.
@Suite struct ObjectOwnershipTests {
    /// An object a user of project `team-a` made in its own namespace to look like `team-b`'s job.
    static func forgery(of name: String, namespace: String = "runai-team-a", uid: String = "forged-uid") -> JSONValue {
        [
            "apiVersion": "run.ai/v2alpha1",
            "kind": "InferenceWorkload",
            "metadata": [
                "name": .string(name),
                "namespace": .string(namespace),
                "uid": .string(uid),
                "resourceVersion": "999",
                "labels": ["project": "team-b", "app.kubernetes.io/managed-by": "inference-gateway"],
                "annotations": ["runai-calculated-status": "ImagePullBackOff", "runai-service-url": "http://evil.example"],
            ],
            "spec": ["image": ["value": "evil:latest"]],
        ]
    }

    @Test func anObjectInAnotherProjectsNamespaceNeverReachesTheRecord() async throws {
        let harness = try Harness()
        let workload = try await harness.submit("served", project: "team-b")
        await harness.relay().drainOnce(harness.cluster)
        let pushed = try #require(try await harness.workloads.find(id: workload.id))
        #expect(pushed.clusterUID != nil)

        for policy in StatusSync.DriftPolicy.allCases {
            try await harness.reconciler.observe(Self.forgery(of: "served"), policy: policy)
        }
        try await harness.reconciler.observeDeletion(Self.forgery(of: "served"))
        try await harness.reconciler.reconcile(listed: [Self.forgery(of: "served")], namespace: "runai-team-a", policy: .reapply)

        let stored = try #require(try await harness.workloads.find(id: workload.id))
        #expect(stored.status == pushed.status)
        #expect(stored.connectionURL == nil)
        #expect(stored.clusterUID == pushed.clusterUID)
        #expect(stored.lastError == nil)
        #expect(stored.syncState == .synced)
        #expect(try await harness.outbox.pendingCount() == 0)
    }

    @Test func anotherUIDUnderTheRecordsNameIsDriftNotATakeover() async throws {
        for policy in StatusSync.DriftPolicy.allCases {
            let harness = try Harness()
            let workload = try await harness.submit("served", project: "team-b")
            await harness.relay().drainOnce(harness.cluster)
            let pushed = try #require(try await harness.workloads.find(id: workload.id))

            let replacement = Self.forgery(of: "served", namespace: "runai-team-b", uid: "recreated-uid")
            try await harness.reconciler.observe(replacement, policy: policy)
            try await harness.reconciler.observeDeletion(replacement)

            let stored = try #require(try await harness.workloads.find(id: workload.id))
            #expect(stored.status == pushed.status, "the replacement's status is not the workload's")
            #expect(stored.connectionURL == nil)
            #expect(stored.lastError?.contains("replaced outside the gateway") == true)
            #expect(stored.deletedAt == nil)
            switch policy {
            case .reapply:
                #expect(try await harness.outbox.pendingCount() == 1, "the gateway's object is applied again")
            case .report:
                #expect(try await harness.outbox.pendingCount() == 0)
                #expect(stored.clusterUID == pushed.clusterUID)
            }
        }
    }

    @Test func theObjectThePushRecordedStillFeedsItsRecord() async throws {
        let harness = try Harness()
        let workload = try await harness.submit("served", project: "team-b")
        await harness.relay().drainOnce(harness.cluster)
        await harness.cluster.tamper("runai-team-b", "served") { object in
            object?[path: ["metadata", "annotations"]] = ["runai-calculated-status": "Running"]
        }
        let object = try #require(await harness.cluster.object("runai-team-b", "served"))
        try await harness.reconciler.observe(object, policy: .reapply)
        #expect(try await harness.workloads.find(id: workload.id)?.status == "Running")
    }

    @Test func matchingPrefersTheRecordPushedWithTheUIDThenTheNewestNotYetPushed() {
        let now = Date()
        func record(_ id: String, uid: String?) -> Workload {
            Workload(
                id: id,
                project: "p",
                name: "n",
                namespace: "runai-p",
                username: nil,
                legacyRequest: "{}",
                desiredObject: "{}",
                clusterUID: uid,
                createdAt: now,
                updatedAt: now
            )
        }
        let old = record("old", uid: "u1")
        let fresh = record("new", uid: nil)
        #expect(ObjectOwnership.match(uid: "u1", history: [fresh, old]) == .owned(old))
        #expect(ObjectOwnership.match(uid: "u2", history: [fresh, old]) == .owned(fresh))
        let pushed = record("new", uid: "u3")
        #expect(ObjectOwnership.match(uid: "u2", history: [pushed, old]) == .replaced(pushed, uid: "u2"))
        #expect(ObjectOwnership.match(uid: nil, history: [pushed]) == .replaced(pushed, uid: nil))
        #expect(ObjectOwnership.match(uid: "u1", history: []) == .unmanaged)
    }
}
