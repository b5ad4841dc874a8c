import Foundation
import GatewayCore
import Testing

@Suite struct StatusMappingTests {
    private func status(_ state: ClusterWorkloadState) -> String {
        LegacyStatusMapper.status(for: state)
    }

    @Test func aFinalCalculatedStatusWinsOverEverythingElse() {
        let state = ClusterWorkloadState(
            annotations: ["runai-calculated-status": "Succeeded", "unschedulable": "true"],
            conditions: [.init(type: "Failed", status: "True")],
            isDeleting: true,
            runningPods: 1
        )
        #expect(status(state) == "Succeeded")
        for final in ["Failed", "Deleted", "Preempted", "TimedOut"] {
            #expect(status(.init(annotations: ["runai-calculated-status": final], runningPods: 2)) == final)
        }
    }

    @Test func unschedulableComesBeforeTheControllerAndThePods() {
        let state = ClusterWorkloadState(
            annotations: ["unschedulable": "true", "runai-calculated-status": "Running"],
            conditions: [.init(type: "Failed", status: "True")],
            runningPods: 1
        )
        #expect(status(state) == "Unschedulable")
    }

    @Test func aFailedConditionThenADeleteUnderWayComeBeforeANonFinalCalculatedStatus() {
        let failed = ClusterWorkloadState(
            annotations: ["runai-calculated-status": "Running"],
            conditions: [.init(type: "Failed", status: "True")]
        )
        #expect(status(failed) == "Failed")
        #expect(status(.init(annotations: ["runai-calculated-status": "Running"], isDeleting: true)) == "Terminating")
        #expect(status(.init(conditions: [.init(type: "Failed", status: "False")])) == "Pending")
    }

    @Test func aNonFinalCalculatedStatusComesBeforeThePods() {
        #expect(status(.init(annotations: ["runai-calculated-status": "ContainerCreating"], runningPods: 1)) == "ContainerCreating")
    }

    @Test func thePodsDecideWhenNothingElseDoes() {
        #expect(status(.init(runningPods: 0, pendingPods: 0, lastPodStatus: "CrashLoopBackOff")) == "CrashLoopBackOff")
        #expect(status(.init(runningPods: 2, pendingPods: 1)) == "Running")
        #expect(status(.init(runningPods: 0, pendingPods: 1)) == "Pending")
        #expect(status(.init(runningPods: 0, pendingPods: 0)) == "Unknown")
        #expect(status(.init(annotations: ["runai-running-pods": "1"])) == "Pending")
    }

    @Test func aReadyConditionIsRunningAndNothingKnownIsPending() {
        #expect(status(.init(conditions: [.init(type: "Ready", status: "True")])) == "Running")
        #expect(status(.init()) == "Pending")
    }

    @Test func theStateIsReadFromAnObjectAsTheClusterReturnsIt() throws {
        let text = """
            {"apiVersion":"run.ai/v2alpha1","kind":"InferenceWorkload",
             "metadata":{"name":"inference1","namespace":"runai-team-a","uid":"u-1","resourceVersion":"7",
               "annotations":{"runai-running-pods":"1","runai-pending-pods":"0","runai-used-nodes":"node-a, node-b"}},
             "spec":{"name":{"value":"inference1"},"image":{"value":"nginx"},"unknownField":{"value":1}},
             "status":{"conditions":[{"type":"Ready","status":"True","reason":"Up"}]}}
            """
        let workload = try InferenceWorkload(jsonData: Data(text.utf8))
        let state = ClusterWorkloadState(workload: workload)
        #expect(state.runningPods == 1)
        #expect(state.pendingPods == 0)
        #expect(state.conditions == [.init(type: "Ready", status: "True", reason: "Up")])
        #expect(state.usedNodes == ["node-a", "node-b"])
        #expect(!state.isDeleting)
        #expect(LegacyStatusMapper.status(of: workload) == "Running")
        #expect(workload.metadata.uid == "u-1")

        var deleting = workload
        deleting.metadata.deletionTimestamp = "2026-01-01T00:00:00Z"
        #expect(LegacyStatusMapper.status(of: deleting) == "Terminating")
        deleting.status = ["runningPods": 0, "pendingPods": 3]
        deleting.metadata.deletionTimestamp = nil
        #expect(LegacyStatusMapper.status(of: deleting) == "Pending")
    }

    @Test func theControllersPhaseCountsWhenNoPodStatusIsKnown() {
        #expect(status(.init(phase: "Running")) == "Running")
        #expect(status(.init(lastPodStatus: "ErrImagePull", phase: "Pending")) == "ErrImagePull")
        #expect(status(.init(annotations: ["runai-calculated-status": "ContainerCreating"], phase: "Running")) == "ContainerCreating")
        #expect(status(.init(annotations: ["runai-calculated-status": "Running"], phase: "Failed")) == "Failed")
        #expect(status(.init(annotations: ["unschedulable": "true"], phase: "Succeeded")) == "Unschedulable")
    }

    @Test func aPartialObjectWithoutNameOrSpecStillMaps() throws {
        let unschedulable = try JSONValue(
            parsing: #"{"metadata":{"annotations":{"unschedulable":"true","runai-calculated-status":"Running"}}}"#
        )
        #expect(LegacyStatusMapper.status(ofObject: unschedulable) == "Unschedulable")
        #expect(LegacyStatusMapper.status(ofObject: try JSONValue(parsing: #"{"status":{"phase":"Running"}}"#)) == "Running")
        let deleting = try JSONValue(parsing: #"{"metadata":{"deletionTimestamp":"2026-01-01T00:00:00Z"}}"#)
        #expect(LegacyStatusMapper.status(ofObject: deleting) == "Terminating")
        #expect(LegacyStatusMapper.status(ofObject: try JSONValue(parsing: "{}")) == "Pending")
        #expect(LegacyStatusMapper.status(ofObject: try JSONValue(parsing: "[1]")) == "Pending")
    }

    @Test func finalStatusesAreTheDocumentedEndStates() {
        #expect(LegacyJobStatus.final == ["Succeeded", "Failed", "Deleted", "Preempted", "TimedOut"])
        #expect(!LegacyJobStatus.isFinal("Running"))
    }
}
