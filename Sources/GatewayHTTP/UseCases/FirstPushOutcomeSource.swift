/// Where a submit hears what became of its workload's first push.
///
/// The narrow view of the push path a submit waits on: the cluster's refusal (admission, quota, an
/// invalid object), or nothing when the push went through, is queued for a retry, or did not
/// finish within the submit wait.
protocol FirstPushOutcomeSource: Sendable {
    /// Waits, at most the submit wait, for the first push of the workload `workloadID`.
    /// - Returns: the cluster's refusal; `nil` when it accepted the object, could not be reached,
    ///   or did not answer in time (the workload then stays queued).
    func refusalOfFirstPush(of workloadID: String) async -> FirstPushRefusal?
}

/// The cluster's answer when it refused a workload's object for good.
struct FirstPushRefusal: Sendable, Equatable {
    /// The HTTP status the cluster answered.
    var code: Int
    /// The Kubernetes `Status` reason, when it gave one.
    var reason: String?
    /// The cluster's message.
    var message: String
}
