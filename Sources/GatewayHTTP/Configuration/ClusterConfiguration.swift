import Foundation

/// Which Kubernetes the gateway uses, and how its embedded cluster behaves.
///
/// `embedded` (the default) serves a Kubernetes API for `run.ai` workloads from the gateway
/// itself, on the same port, persisted in the same SQLite file, with a simulated controller.
/// `kubeconfig` and `in-cluster` name a real cluster; the embedded API is then not served.
public struct ClusterConfiguration: Sendable, Equatable {
    /// The Kubernetes backend.
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        /// The embedded cluster, served by the gateway.
        case embedded
        /// The cluster of a kubeconfig (`--kubeconfig`, `KUBECONFIG`, `~/.kube/config`).
        case kubeconfig
        /// The cluster the gateway runs in, through its service account.
        case inCluster = "in-cluster"
    }

    /// The backend.
    public var mode: Mode
    /// How long a new workload stays `Pending` before the simulated controller starts it.
    public var controllerDelay: Duration
    /// The share (0…1) of new workloads the simulated controller fails (an image that cannot be pulled).
    public var controllerFailureShare: Double
    /// How many past changes the embedded cluster keeps for watches; older resourceVersions get 410 Expired.
    public var eventHistory: Int

    /// Creates a configuration.
    public init(
        mode: Mode = .embedded,
        controllerDelay: Duration = .seconds(3),
        controllerFailureShare: Double = 0,
        eventHistory: Int = 1000
    ) {
        self.mode = mode
        self.controllerDelay = controllerDelay
        self.controllerFailureShare = controllerFailureShare
        self.eventHistory = eventHistory
    }

    /// Whether the gateway serves the embedded Kubernetes API and runs its controller.
    public var servesEmbeddedCluster: Bool { mode == .embedded }

    /// The settings as given on the command line; `nil` falls back to the environment, then the default.
    public struct Settings: Sendable, Equatable {
        /// `--cluster`.
        public var mode: String?
        /// `--controller-delay`, in seconds.
        public var controllerDelay: String?
        /// `--controller-failure-share`, 0…1.
        public var controllerFailureShare: String?
        /// `--cluster-event-history`.
        public var eventHistory: String?

        /// Creates settings.
        public init(mode: String? = nil, controllerDelay: String? = nil, controllerFailureShare: String? = nil, eventHistory: String? = nil) {
            self.mode = mode
            self.controllerDelay = controllerDelay
            self.controllerFailureShare = controllerFailureShare
            self.eventHistory = eventHistory
        }
    }

    /// Resolves flags, then environment variables, then defaults.
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the rule.
    public static func resolve(_ settings: Settings, environment: [String: String]) throws -> ClusterConfiguration {
        var configuration = ClusterConfiguration()
        if let text = settings.mode ?? environment[GatewayEnvironment.cluster] {
            guard let mode = Mode(rawValue: text) else {
                throw GatewayConfigurationError("--cluster must be embedded, kubeconfig or in-cluster, not \(text)")
            }
            configuration.mode = mode
        }
        if let text = settings.controllerDelay ?? environment[GatewayEnvironment.controllerDelay] {
            guard let seconds = Double(text), seconds >= 0, seconds <= 86_400 else {
                throw GatewayConfigurationError("--controller-delay must be a number of seconds from 0 to 86400, not \(text)")
            }
            configuration.controllerDelay = .milliseconds(Int64((seconds * 1000).rounded()))
        }
        if let text = settings.controllerFailureShare ?? environment[GatewayEnvironment.controllerFailureShare] {
            guard let share = Double(text), (0...1).contains(share) else {
                throw GatewayConfigurationError("--controller-failure-share must be a number from 0 to 1, not \(text)")
            }
            configuration.controllerFailureShare = share
        }
        if let text = settings.eventHistory ?? environment[GatewayEnvironment.clusterEventHistory] {
            guard let count = Int(text), count >= 1 else {
                throw GatewayConfigurationError("--cluster-event-history must be a whole number of at least 1, not \(text)")
            }
            configuration.eventHistory = count
        }
        return configuration
    }
}

extension GatewayEnvironment {
    /// `--cluster`.
    public static let cluster = "GATEWAY_CLUSTER"
    /// `--controller-delay`.
    public static let controllerDelay = "GATEWAY_CONTROLLER_DELAY"
    /// `--controller-failure-share`.
    public static let controllerFailureShare = "GATEWAY_CONTROLLER_FAILURE_SHARE"
    /// `--cluster-event-history`.
    public static let clusterEventHistory = "GATEWAY_CLUSTER_EVENT_HISTORY"
}
