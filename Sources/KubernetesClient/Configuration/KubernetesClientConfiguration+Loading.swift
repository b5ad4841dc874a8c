import Foundation

extension KubernetesClientConfiguration {
    /// Loads a kubeconfig as kubectl does.
    ///
    /// - Parameters:
    ///   - path: A kubeconfig file; `nil` reads the `KUBECONFIG` list (merged, first value wins) or `~/.kube/config`.
    ///   - context: A context name; `nil` uses `current-context`.
    ///   - environment: The process environment (for `KUBECONFIG` and `HOME`).
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` for a missing file or context, or bad certificate data.
    public static func kubeconfig(
        path: String? = nil, context: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Self {
        throw KubernetesError(.invalidConfiguration, "not implemented yet")
    }

    /// The configuration of a pod: `KUBERNETES_SERVICE_HOST`/`_PORT` and the service-account
    /// `token` (re-read as it rotates), `ca.crt` and `namespace`.
    ///
    /// - Parameters:
    ///   - environment: The process environment.
    ///   - directory: The service-account directory.
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` outside a pod.
    public static func inCluster(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: String = "/var/run/secrets/kubernetes.io/serviceaccount"
    ) throws -> Self {
        throw KubernetesError(.invalidConfiguration, "not implemented yet")
    }
}
