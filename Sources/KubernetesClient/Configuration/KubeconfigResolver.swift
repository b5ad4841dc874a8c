import Foundation

/// Turns a merged ``Kubeconfig`` and a context name into a ``KubernetesClientConfiguration``.
struct KubeconfigResolver {
    let config: Kubeconfig

    /// The configuration of a context.
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` naming what is missing or wrong.
    func configuration(context requested: String?) throws -> KubernetesClientConfiguration {
        let files = config.files.joined(separator: ", ")
        guard let name = requested ?? config.currentContext, !name.isEmpty else {
            throw KubernetesError(.invalidConfiguration, "the kubeconfig (\(files)) has no current-context; name a context")
        }
        guard let context = config.contexts[name]?.value else {
            let known = config.contexts.keys.sorted().joined(separator: ", ")
            throw KubernetesError(
                .invalidConfiguration,
                "the context \"\(name)\" is not in the kubeconfig (\(files)); it has: \(known.isEmpty ? "no contexts" : known)"
            )
        }
        guard let cluster = config.clusters[context.cluster] else {
            throw KubernetesError(.invalidConfiguration, "the cluster \"\(context.cluster)\" of context \"\(name)\" is not in the kubeconfig")
        }
        guard let server = cluster.value.server, !server.isEmpty else {
            throw KubernetesError(.invalidConfiguration, "the cluster \"\(context.cluster)\" has no server")
        }
        var tls = try tlsSettings(cluster, name: context.cluster)
        var credentials = KubernetesClientConfiguration.Credentials.none
        if let userName = context.user, !userName.isEmpty {
            guard let user = config.users[userName] else {
                throw KubernetesError(.invalidConfiguration, "the user \"\(userName)\" of context \"\(name)\" is not in the kubeconfig")
            }
            credentials = try self.credentials(user, name: userName)
            tls.clientCertificate = try clientCertificate(user, name: userName)
        }
        return KubernetesClientConfiguration(
            server: server,
            tls: tls,
            credentials: credentials,
            namespace: context.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        )
    }

    private func tlsSettings(_ cluster: Kubeconfig.Located<Kubeconfig.Cluster>, name: String) throws -> KubernetesClientConfiguration.TLS {
        let ca = try bytes(
            data: cluster.value.certificateAuthorityData,
            file: cluster.value.certificateAuthority,
            directory: cluster.directory,
            what: "certificate-authority of cluster \"\(name)\""
        )
        if let ca { try PEM.check(ca, kind: .certificate, what: "the certificate-authority of cluster \"\(name)\"") }
        let insecure = cluster.value.insecureSkipTLSVerify ?? false
        if insecure, ca != nil {
            throw KubernetesError(
                .invalidConfiguration,
                "cluster \"\(name)\" sets both a certificate-authority and insecure-skip-tls-verify"
            )
        }
        return KubernetesClientConfiguration.TLS(
            certificateAuthority: ca.map(Redacted.init),
            insecureSkipVerify: insecure,
            serverName: cluster.value.tlsServerName.flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    private func credentials(_ user: Kubeconfig.Located<Kubeconfig.User>, name: String) throws -> KubernetesClientConfiguration.Credentials {
        if let provider = user.value.authProvider {
            throw KubernetesError(
                .invalidConfiguration,
                "user \"\(name)\" uses the auth-provider \"\(provider.name ?? "")\", which is not supported; use an exec plugin"
            )
        }
        if user.value.username != nil {
            throw KubernetesError(.invalidConfiguration, "user \"\(name)\" uses basic authentication, which is not supported")
        }
        if let exec = user.value.exec {
            let apiVersion = exec.apiVersion ?? ""
            guard apiVersion == "client.authentication.k8s.io/v1" || apiVersion == "client.authentication.k8s.io/v1beta1" else {
                throw KubernetesError(
                    .invalidConfiguration,
                    "the exec plugin of user \"\(name)\" has apiVersion \"\(apiVersion)\"; client.authentication.k8s.io/v1 is supported"
                )
            }
            return .exec(
                KubernetesClientConfiguration.ExecPlugin(
                    command: exec.command,
                    arguments: exec.args ?? [],
                    environment: Dictionary((exec.env ?? []).map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                    apiVersion: apiVersion,
                    installHint: exec.installHint,
                    workingDirectory: user.directory
                )
            )
        }
        // As in client-go, a token file (re-read as it rotates) wins over an inline token.
        if let file = user.value.tokenFile, !file.isEmpty {
            return .tokenFile(path: Self.resolve(file, in: user.directory))
        }
        if let token = user.value.token, !token.isEmpty { return .token(Redacted(token)) }
        return .none
    }

    private func clientCertificate(
        _ user: Kubeconfig.Located<Kubeconfig.User>,
        name: String
    ) throws -> KubernetesClientConfiguration.ClientCertificate? {
        let certificate = try bytes(
            data: user.value.clientCertificateData,
            file: user.value.clientCertificate,
            directory: user.directory,
            what: "client-certificate of user \"\(name)\""
        )
        let key = try bytes(
            data: user.value.clientKeyData,
            file: user.value.clientKey,
            directory: user.directory,
            what: "client-key of user \"\(name)\""
        )
        switch (certificate, key) {
        case (nil, nil):
            return nil
        case (let certificate?, let key?):
            try PEM.check(certificate, kind: .certificate, what: "the client-certificate of user \"\(name)\"")
            try PEM.check(key, kind: .privateKey, what: "the client-key of user \"\(name)\"")
            return .init(certificate: Redacted(certificate), key: Redacted(key))
        default:
            throw KubernetesError(.invalidConfiguration, "user \"\(name)\" has a client certificate without a key, or a key without a certificate")
        }
    }

    /// Inline base64 data wins over a file, as in kubectl.
    private func bytes(data: String?, file: String?, directory: String, what: String) throws -> Data? {
        if let data, !data.isEmpty {
            guard let decoded = Data(base64Encoded: data.filter { !$0.isWhitespace }) else {
                throw KubernetesError(.invalidConfiguration, "the \(what)-data is not valid base64")
            }
            return decoded
        }
        if let file, !file.isEmpty {
            let path = Self.resolve(file, in: directory)
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw KubernetesError(.invalidConfiguration, "the \(what) file \(path) cannot be read")
            }
            return contents
        }
        return nil
    }

    /// A path relative to the kubeconfig file that names it.
    static func resolve(_ path: String, in directory: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return NSHomeDirectory() + path.dropFirst(1) }
        return URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path
    }
}
