import ArgumentParser
import GatewayHTTP

/// The `serve` flags of the Kubernetes backend and the embedded cluster's simulated controller.
struct ClusterOptions: ParsableArguments {
    @Option(
        name: .customLong("cluster"),
        help:
            "embedded (serve a Kubernetes API for run.ai workloads from the gateway), kubeconfig or in-cluster. Env: \(GatewayEnvironment.cluster). Default: embedded"
    )
    var mode: String?

    @Option(
        name: .customLong("controller-delay"),
        help:
            "Seconds a new workload stays Pending before the embedded cluster's controller starts it. Env: \(GatewayEnvironment.controllerDelay). Default: 3"
    )
    var controllerDelay: String?

    @Option(
        name: .customLong("controller-failure-share"),
        help:
            "Share (0 to 1) of new workloads the embedded cluster's controller fails with an image pull error. Env: \(GatewayEnvironment.controllerFailureShare). Default: 0"
    )
    var controllerFailureShare: String?

    @Option(
        name: .customLong("cluster-event-history"),
        help:
            "Changes the embedded cluster keeps for watches; older resource versions get 410 Expired. Env: \(GatewayEnvironment.clusterEventHistory). Default: 1000"
    )
    var eventHistory: String?

    /// The flags as given, for ``ClusterConfiguration/resolve(_:environment:)``.
    var settings: ClusterConfiguration.Settings {
        ClusterConfiguration.Settings(
            mode: mode,
            controllerDelay: controllerDelay,
            controllerFailureShare: controllerFailureShare,
            eventHistory: eventHistory
        )
    }
}
