import ArgumentParser
import GatewayHTTP

/// The `serve` flags of the Kubernetes backend and the embedded cluster's simulated controller.
struct ClusterOptions: ParsableArguments, SettingFlags {
    @Option(name: .setting(.cluster), help: .setting(.cluster))
    var mode: String?

    @Option(name: .setting(.controllerDelay), help: .setting(.controllerDelay))
    var controllerDelay: String?

    @Option(name: .setting(.controllerFailureShare), help: .setting(.controllerFailureShare))
    var controllerFailureShare: String?

    @Option(name: .setting(.clusterEventHistory), help: .setting(.clusterEventHistory))
    var eventHistory: String?

    var flags: [GatewaySetting: String] {
        given([
            .cluster: mode, .controllerDelay: controllerDelay, .controllerFailureShare: controllerFailureShare, .clusterEventHistory: eventHistory,
        ])
    }
}
