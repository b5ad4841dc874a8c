import Foundation
import GatewaySync

/// How the gateway pushes to its cluster and follows it back.
public struct SyncConfiguration: Sendable {
    /// The kubeconfig file (`--cluster kubeconfig`); `nil` reads `KUBECONFIG` or `~/.kube/config`.
    public var kubeconfig: String?
    /// The kubeconfig context; `nil` uses the current one.
    public var context: String?
    /// How long a submit waits for its first push, so a refusal by the cluster reaches the
    /// caller as an error; past it the submit answers with the job queued (`Pending`).
    public var submitWait: Duration
    /// What to do with an object changed behind the gateway's back.
    public var driftPolicy: StatusSync.DriftPolicy
    /// When failed pushes are retried, and when they are given up.
    public var retry: RetrySchedule

    /// Creates a configuration.
    public init(
        kubeconfig: String? = nil,
        context: String? = nil,
        submitWait: Duration = .seconds(2),
        driftPolicy: StatusSync.DriftPolicy = .reapply,
        retry: RetrySchedule = RetrySchedule()
    ) {
        self.kubeconfig = kubeconfig
        self.context = context
        self.submitWait = submitWait
        self.driftPolicy = driftPolicy
        self.retry = retry
    }

    /// Resolves the sync settings of `values`.
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the rule.
    public static func resolve(_ values: GatewaySettingValues) throws -> SyncConfiguration {
        var configuration = SyncConfiguration()
        configuration.kubeconfig = values.given(.kubeconfig)
        configuration.context = values.given(.kubeContext)
        if let wait = try values.duration(.submitWait) { configuration.submitWait = wait }
        if let text = try values.choice(.drift), let policy = StatusSync.DriftPolicy(rawValue: text) {
            configuration.driftPolicy = policy
        }
        if let attempts = try values.wholeNumber(.pushAttempts) { configuration.retry.maximumAttempts = attempts }
        if let backoff = try values.duration(.pushMaxBackoff) {
            configuration.retry.maximumDelay = backoff
            if configuration.retry.initialDelay > configuration.retry.maximumDelay {
                configuration.retry.initialDelay = configuration.retry.maximumDelay
            }
        }
        return configuration
    }
}
