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

    /// The settings as given on the command line; `nil` falls back to the environment, then the default.
    public struct Settings: Sendable, Equatable {
        /// `--kubeconfig`.
        public var kubeconfig: String?
        /// `--context`.
        public var context: String?
        /// `--submit-wait`, in seconds.
        public var submitWait: String?
        /// `--drift`.
        public var drift: String?
        /// `--push-attempts`.
        public var pushAttempts: String?
        /// `--push-max-backoff`, in seconds.
        public var pushMaxBackoff: String?

        /// Creates settings.
        public init(
            kubeconfig: String? = nil, context: String? = nil, submitWait: String? = nil, drift: String? = nil,
            pushAttempts: String? = nil, pushMaxBackoff: String? = nil
        ) {
            self.kubeconfig = kubeconfig
            self.context = context
            self.submitWait = submitWait
            self.drift = drift
            self.pushAttempts = pushAttempts
            self.pushMaxBackoff = pushMaxBackoff
        }
    }

    /// Resolves flags, then environment variables, then defaults.
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the rule.
    public static func resolve(_ settings: Settings, environment: [String: String]) throws -> SyncConfiguration {
        var configuration = SyncConfiguration()
        configuration.kubeconfig = settings.kubeconfig ?? environment[GatewayEnvironment.kubeconfig]
        configuration.context = settings.context ?? environment[GatewayEnvironment.kubeContext]
        if let text = settings.submitWait ?? environment[GatewayEnvironment.submitWait] {
            guard let seconds = Double(text), (0...60).contains(seconds) else {
                throw GatewayConfigurationError("--submit-wait must be a number of seconds from 0 to 60, not \(text)")
            }
            configuration.submitWait = .milliseconds(Int64((seconds * 1000).rounded()))
        }
        if let text = settings.drift ?? environment[GatewayEnvironment.drift] {
            guard let policy = StatusSync.DriftPolicy(rawValue: text) else {
                throw GatewayConfigurationError("--drift must be reapply or report, not \(text)")
            }
            configuration.driftPolicy = policy
        }
        if let text = settings.pushAttempts ?? environment[GatewayEnvironment.pushAttempts] {
            guard let attempts = Int(text), (1...1000).contains(attempts) else {
                throw GatewayConfigurationError("--push-attempts must be a whole number from 1 to 1000, not \(text)")
            }
            configuration.retry.maximumAttempts = attempts
        }
        if let text = settings.pushMaxBackoff ?? environment[GatewayEnvironment.pushMaxBackoff] {
            guard let seconds = Double(text), seconds >= 0.01, seconds <= 3600 else {
                throw GatewayConfigurationError("--push-max-backoff must be a number of seconds from 0.01 to 3600, not \(text)")
            }
            configuration.retry.maximumDelay = .milliseconds(Int64((seconds * 1000).rounded()))
            if configuration.retry.initialDelay > configuration.retry.maximumDelay {
                configuration.retry.initialDelay = configuration.retry.maximumDelay
            }
        }
        return configuration
    }
}

extension GatewayEnvironment {
    /// `--kubeconfig` (the standard `KUBECONFIG` list is read when neither is set).
    public static let kubeconfig = "GATEWAY_KUBECONFIG"
    /// `--context`.
    public static let kubeContext = "GATEWAY_KUBE_CONTEXT"
    /// `--submit-wait`.
    public static let submitWait = "GATEWAY_SUBMIT_WAIT"
    /// `--drift`.
    public static let drift = "GATEWAY_DRIFT"
    /// `--push-attempts`.
    public static let pushAttempts = "GATEWAY_PUSH_ATTEMPTS"
    /// `--push-max-backoff`.
    public static let pushMaxBackoff = "GATEWAY_PUSH_MAX_BACKOFF"
}
