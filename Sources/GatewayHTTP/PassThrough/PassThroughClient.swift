import KubernetesClient
import Logging

/// The one client the pass-through relays on, made on first use from the kubeconfig or the pod's
/// service account (a kubeconfig that fails to load fails each relayed request with a 502, as it
/// fails each push, instead of stopping the start).
actor PassThroughClient {
    private let make: @Sendable () throws -> CurlKubernetesClient
    private var client: CurlKubernetesClient?

    /// A client of the cluster `mode` names.
    init(mode: ClusterConfiguration.Mode, sync: SyncConfiguration, logger: Logger) {
        self.make = {
            let settings: KubernetesClientConfiguration =
                switch mode {
                case .inCluster: try .inCluster()
                case .kubeconfig, .embedded: try .kubeconfig(path: sync.kubeconfig, context: sync.context)
                }
            return try CurlKubernetesClient(configuration: settings, logger: logger)
        }
    }

    /// The client, made once.
    func current() throws -> CurlKubernetesClient {
        if let client { return client }
        let made = try make()
        client = made
        return made
    }
}
