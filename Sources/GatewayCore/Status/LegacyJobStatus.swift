/// The status strings of legacy jobs (Run:ai's job statuses).
public enum LegacyJobStatus {
    /// Accepted, not running yet.
    public static let pending = "Pending"
    /// Running.
    public static let running = "Running"
    /// Finished well.
    public static let succeeded = "Succeeded"
    /// Finished badly.
    public static let failed = "Failed"
    /// Deleted.
    public static let deleted = "Deleted"
    /// Preempted by the scheduler.
    public static let preempted = "Preempted"
    /// Ran out of time.
    public static let timedOut = "TimedOut"
    /// Being deleted.
    public static let terminating = "Terminating"
    /// The scheduler cannot place it.
    public static let unschedulable = "Unschedulable"
    /// Nothing is known.
    public static let unknown = "Unknown"

    /// Statuses a job does not leave.
    public static let final: Set<String> = [succeeded, failed, deleted, preempted, timedOut]

    /// Whether `status` is final.
    public static func isFinal(_ status: String) -> Bool {
        final.contains(status)
    }
}
