import Foundation
import GatewayTestSupport
import KubernetesClient
import Testing

@Suite struct KubeconfigTests {
    static let certificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    static let key = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"

    static func kubeconfig(
        current: String? = "dev",
        cluster: String = "c1",
        server: String = "https://10.0.0.1:6443",
        clusterExtra: String = "",
        user: String = "u1",
        userBody: String = "token: abc",
        namespace: String? = "team-a"
    ) -> String {
        """
        apiVersion: v1
        kind: Config
        \(current.map { "current-context: \($0)" } ?? "")
        clusters:
        - name: \(cluster)
          cluster:
            server: \(server)
        \(clusterExtra)
        users:
        - name: \(user)
          user:
            \(userBody)
        contexts:
        - name: dev
          context:
            cluster: \(cluster)
            user: \(user)
            \(namespace.map { "namespace: \($0)" } ?? "")
        """
    }

    @Test func theCurrentContextGivesServerTokenAndNamespace() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("config", Self.kubeconfig())
        let configuration = try KubernetesClientConfiguration.kubeconfig(path: path)
        #expect(configuration.server == "https://10.0.0.1:6443")
        #expect(configuration.namespace == "team-a")
        guard case .token(let token) = configuration.credentials else {
            Issue.record("expected a token")
            return
        }
        #expect(token.value == "abc")
    }

    @Test func aKubeconfigListIsMergedAsKubectlMergesIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The first file wins for names it defines and for current-context; later files fill in.
        let first = try directory.write(
            "first",
            """
            current-context: prod
            contexts:
            - name: prod
              context: {cluster: shared, user: admin, namespace: prod-ns}
            users:
            - name: admin
              user: {token: first-token}
            """
        )
        let second = try directory.write(
            "second",
            """
            current-context: dev
            clusters:
            - name: shared
              cluster: {server: "https://shared.example:443"}
            users:
            - name: admin
              user: {token: second-token}
            contexts:
            - name: prod
              context: {cluster: other, user: other}
            """
        )
        let environment = ["KUBECONFIG": "\(directory.path)/missing:\(first):\(second)", "HOME": directory.path]
        let configuration = try KubernetesClientConfiguration.kubeconfig(environment: environment)
        #expect(configuration.server == "https://shared.example:443")
        #expect(configuration.namespace == "prod-ns")
        guard case .token(let token) = configuration.credentials else {
            Issue.record("expected a token")
            return
        }
        #expect(token.value == "first-token")
    }

    @Test func aNamedContextIsUsedAndAMissingOneIsAClearError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("config", Self.kubeconfig(current: nil, namespace: nil))
        let configuration = try KubernetesClientConfiguration.kubeconfig(path: path, context: "dev")
        #expect(configuration.namespace == "default")
        let missing = #expect(throws: KubernetesError.self) { try KubernetesClientConfiguration.kubeconfig(path: path, context: "staging") }
        #expect(missing?.code == .invalidConfiguration)
        #expect(missing?.message.contains("\"staging\" is not in the kubeconfig") == true)
        #expect(missing?.message.contains("it has: dev") == true)
        let noCurrent = #expect(throws: KubernetesError.self) { try KubernetesClientConfiguration.kubeconfig(path: path) }
        #expect(noCurrent?.message.contains("no current-context") == true)
    }

    @Test func missingFilesAreClearErrors() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let explicit = #expect(throws: KubernetesError.self) {
            try KubernetesClientConfiguration.kubeconfig(path: "\(directory.path)/nope")
        }
        #expect(explicit?.message == "the kubeconfig file \(directory.path)/nope does not exist")
        let list = #expect(throws: KubernetesError.self) {
            try KubernetesClientConfiguration.kubeconfig(environment: ["KUBECONFIG": "\(directory.path)/a:\(directory.path)/b"])
        }
        #expect(list?.message.contains("none of the KUBECONFIG files exist") == true)
        let home = #expect(throws: KubernetesError.self) {
            try KubernetesClientConfiguration.kubeconfig(environment: ["HOME": directory.path])
        }
        #expect(home?.message.contains("\(directory.path)/.kube/config does not exist") == true)
        let path = try directory.write("config", Self.kubeconfig(clusterExtra: "    certificate-authority: ca/missing.crt"))
        let ca = #expect(throws: KubernetesError.self) { try KubernetesClientConfiguration.kubeconfig(path: path) }
        #expect(ca?.message == "the certificate-authority of cluster \"c1\" file \(directory.path)/ca/missing.crt cannot be read")
    }

    @Test func badCertificateDataIsAClearErrorThatShowsNoSecret() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let notBase64 = try directory.write("a", Self.kubeconfig(clusterExtra: "    certificate-authority-data: '%%%not-base64'"))
        let first = #expect(throws: KubernetesError.self) { try KubernetesClientConfiguration.kubeconfig(path: notBase64) }
        #expect(first?.message == "the certificate-authority of cluster \"c1\"-data is not valid base64")
        let notPEM = try directory.write("b", Self.kubeconfig(clusterExtra: "    certificate-authority-data: \("hello".base64)"))
        let second = #expect(throws: KubernetesError.self) { try KubernetesClientConfiguration.kubeconfig(path: notPEM) }
        #expect(second?.message == "the certificate-authority of cluster \"c1\" is not a PEM certificate")
        let keyLess = try directory.write("c", Self.kubeconfig(userBody: "client-certificate-data: \(Self.certificate.base64)"))
        let third = #expect(throws: KubernetesError.self) { try KubernetesClientConfiguration.kubeconfig(path: keyLess) }
        #expect(third?.message.contains("without a key") == true)
        let secretKey = "-----BEGIN NOT A KEY-----\nsupersecret\n"
        let badKey = try directory.write(
            "d",
            Self.kubeconfig(userBody: "client-certificate-data: \(Self.certificate.base64)\n    client-key-data: \(secretKey.base64)")
        )
        let fourth = #expect(throws: KubernetesError.self) { try KubernetesClientConfiguration.kubeconfig(path: badKey) }
        #expect(fourth?.message == "the client-key of user \"u1\" is not a PEM private key")
        #expect(fourth.map { "\($0)" }?.contains("supersecret") == false)
    }

    @Test func relativePathsAreResolvedAgainstTheKubeconfigFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("certs/ca.crt", Self.certificate)
        try directory.write("certs/client.crt", Self.certificate)
        try directory.write("certs/client.key", Self.key)
        let path = try directory.write(
            "kube/config",
            Self.kubeconfig(
                clusterExtra: "    certificate-authority: ../certs/ca.crt\n    tls-server-name: api.internal",
                userBody: "client-certificate: ../certs/client.crt\n    client-key: ../certs/client.key\n    tokenFile: ../token"
            )
        )
        let configuration = try KubernetesClientConfiguration.kubeconfig(path: path)
        #expect(configuration.tls.certificateAuthority?.value == Data(Self.certificate.utf8))
        #expect(configuration.tls.clientCertificate?.key.value == Data(Self.key.utf8))
        #expect(configuration.tls.serverName == "api.internal")
        guard case .tokenFile(let tokenPath, _) = configuration.credentials else {
            Issue.record("expected a token file")
            return
        }
        #expect(tokenPath == "\(directory.path)/token")
    }

    @Test func insecureWithACertificateAuthorityIsRejectedAsKubectlDoes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(
            "config",
            Self.kubeconfig(clusterExtra: "    insecure-skip-tls-verify: true\n    certificate-authority-data: \(Self.certificate.base64)")
        )
        let error = #expect(throws: KubernetesError.self) { try KubernetesClientConfiguration.kubeconfig(path: path) }
        #expect(error?.message.contains("both a certificate-authority and insecure-skip-tls-verify") == true)
    }

    @Test func execPluginsAreReadAndUnsupportedAuthIsNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let exec = """
            exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./bin/get-token
                  args: [--cluster, c1]
                  env: [{name: REGION, value: eu}]
                  interactiveMode: Never
            """
        let path = try directory.write("config", Self.kubeconfig(userBody: exec))
        let configuration = try KubernetesClientConfiguration.kubeconfig(path: path)
        guard case .exec(let plugin) = configuration.credentials else {
            Issue.record("expected an exec plugin")
            return
        }
        #expect(plugin.command == "./bin/get-token")
        #expect(plugin.arguments == ["--cluster", "c1"])
        #expect(plugin.environment == ["REGION": "eu"])
        #expect(plugin.workingDirectory == directory.path)

        let legacy = try directory.write("legacy", Self.kubeconfig(userBody: "auth-provider: {name: gcp}"))
        let error = #expect(throws: KubernetesError.self) { try KubernetesClientConfiguration.kubeconfig(path: legacy) }
        #expect(error?.message.contains("auth-provider \"gcp\", which is not supported; use an exec plugin") == true)
    }

    @Test func inClusterReadsTheServiceAccountAndFailsClearlyOutsideAPod() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("token", "sa-token\n")
        try directory.write("ca.crt", Self.certificate)
        try directory.write("namespace", "gateway\n")
        let configuration = try KubernetesClientConfiguration.inCluster(
            environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"],
            directory: directory.path
        )
        #expect(configuration.server == "https://[fd00::1]:443")
        #expect(configuration.namespace == "gateway")
        #expect(configuration.tls.certificateAuthority?.value == Data(Self.certificate.utf8))
        guard case .tokenFile(let path, _) = configuration.credentials else {
            Issue.record("expected the token file")
            return
        }
        #expect(path == "\(directory.path)/token")

        let outside = #expect(throws: KubernetesError.self) { try KubernetesClientConfiguration.inCluster(environment: [:]) }
        #expect(outside?.message.contains("not running in a pod") == true)
    }
}
