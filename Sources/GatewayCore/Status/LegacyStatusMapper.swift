/// Computes the legacy status of a workload from what the cluster says, in the order the legacy
/// CLI used (reference §4):
///
/// 1. `runai-calculated-status` when it is final (`Succeeded`, `Failed`, `Deleted`, `Preempted`, `TimedOut`);
/// 2. `unschedulable: "true"` → `Unschedulable`;
/// 3. the controller's own verdict: a `Failed` condition that is `True` → `Failed`; a final `status.phase`
///    (`Succeeded`, `Failed`) → that phase; a delete under way → `Terminating`;
/// 4. `runai-calculated-status` when it is not final;
/// 5. the pods: the last pod's kubectl-style status, else the controller's `status.phase`, else `Running`
///    with a running pod, else `Pending` with a pending one; known to have no pods at all → `Unknown`;
/// 6. a `Ready` condition that is `True` → `Running`; nothing known yet → `Pending`.
public enum LegacyStatusMapper {
    /// The legacy status for `state`.
    public static func status(for state: ClusterWorkloadState) -> String {
        let calculated = state.annotations[ClusterWorkloadState.calculatedStatusAnnotation].flatMap { $0.isEmpty ? nil : $0 }
        if let calculated, LegacyJobStatus.isFinal(calculated) { return calculated }
        if state.annotations[ClusterWorkloadState.unschedulableAnnotation]?.lowercased() == "true" {
            return LegacyJobStatus.unschedulable
        }
        if state.conditions.contains(where: { $0.type == "Failed" && $0.status == "True" }) { return LegacyJobStatus.failed }
        if let phase = state.phase, phase == LegacyJobStatus.succeeded || phase == LegacyJobStatus.failed { return phase }
        if state.isDeleting { return LegacyJobStatus.terminating }
        if let calculated { return calculated }
        if let last = state.lastPodStatus, !last.isEmpty { return last }
        if let phase = state.phase, !phase.isEmpty { return phase }
        if let running = state.runningPods, running > 0 { return LegacyJobStatus.running }
        if let pending = state.pendingPods, pending > 0 { return LegacyJobStatus.pending }
        if state.runningPods == 0, state.pendingPods == 0 { return LegacyJobStatus.unknown }
        if state.conditions.contains(where: { $0.type == "Ready" && $0.status == "True" }) { return LegacyJobStatus.running }
        return LegacyJobStatus.pending
    }

    /// The legacy status of a workload read from the cluster.
    public static func status(of workload: InferenceWorkload) -> String {
        status(for: ClusterWorkloadState(workload: workload))
    }

    /// The legacy status of any object read from the cluster, however partial.
    public static func status(ofObject object: JSONValue) -> String {
        status(for: ClusterWorkloadState(object: object))
    }
}
