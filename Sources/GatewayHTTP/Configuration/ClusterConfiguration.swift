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

    /// Resolves the cluster settings of `values`.
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the rule.
    public static func resolve(_ values: GatewaySettingValues) throws -> ClusterConfiguration {
        var configuration = ClusterConfiguration()
        if let text = try values.choice(.cluster), let mode = Mode(rawValue: text) { configuration.mode = mode }
        if let delay = try values.duration(.controllerDelay) { configuration.controllerDelay = delay }
        if let share = try values.number(.controllerFailureShare) { configuration.controllerFailureShare = share }
        if let count = try values.wholeNumber(.clusterEventHistory) { configuration.eventHistory = count }
        return configuration
    }
}
