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
        path: String? = nil,
        context: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Self {
        let files = try Kubeconfig.files(path: path, environment: environment)
        return try KubeconfigResolver(config: try Kubeconfig.load(files)).configuration(context: context)
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
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubernetesError(
                .invalidConfiguration,
                "not running in a pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set"
            )
        }
        let tokenPath = "\(directory)/token"
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw KubernetesError(.invalidConfiguration, "the service-account token \(tokenPath) cannot be read")
        }
        guard let ca = FileManager.default.contents(atPath: "\(directory)/ca.crt") else {
            throw KubernetesError(.invalidConfiguration, "the service-account CA \(directory)/ca.crt cannot be read")
        }
        try PEM.check(ca, kind: .certificate, what: "the service-account CA \(directory)/ca.crt")
        let namespace = FileManager.default.contents(atPath: "\(directory)/namespace")
            .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return KubernetesClientConfiguration(
            server: "https://\(hostPart):\(port)",
            tls: TLS(certificateAuthority: Redacted(ca)),
            credentials: .tokenFile(path: tokenPath),
            namespace: namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        )
    }
}

/// Checks that bytes are PEM of the expected kind, so a wrong file fails when the configuration
/// is loaded, with a message that names it, rather than at the first TLS handshake.
enum PEM {
    /// What a PEM block should hold.
    enum Kind {
        case certificate, privateKey
    }

    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` naming `what`.
    static func check(_ data: Data, kind: Kind, what: String) throws {
        let text = String(decoding: data, as: UTF8.self)
        let ok: Bool
        switch kind {
        case .certificate: ok = text.contains("-----BEGIN CERTIFICATE-----")
        case .privateKey: ok = text.contains("-----BEGIN") && text.contains("PRIVATE KEY-----")
        }
        guard ok else {
            let expected = kind == .certificate ? "a PEM certificate" : "a PEM private key"
            throw KubernetesError(.invalidConfiguration, "\(what) is not \(expected)")
        }
    }
}
