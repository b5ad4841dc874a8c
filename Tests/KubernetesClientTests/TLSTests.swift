import Foundation
import GatewayTestSupport
import KubernetesClient
import Logging
import Testing

/// The client through nginx: real TLS, client certificates and bearer tokens, HTTP/2.
@Suite struct TLSTests {
    let widgets = Widget.resource

    static func kubeconfig(server: String, ca: String, user: String, cluster extra: String = "") -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: tls
        clusters:
        - name: nginx
          cluster:
            server: \(server)
            certificate-authority-data: \(ca.base64)
        \(extra)
        users:
        - name: gateway
          user:
            \(user)
        contexts:
        - name: tls
          context: {cluster: nginx, user: gateway, namespace: ns1}
        """
    }

    static func certificateUser(_ pki: TestPKI) -> String {
        "client-certificate-data: \(pki.clientCertificate.base64)\n    client-key-data: \(pki.clientKey.base64)"
    }

    static func client(_ yaml: String, in pki: TestPKI, logger: Logger = .quiet) throws -> CurlKubernetesClient {
        let path = try pki.directory.write("kubeconfig-\(UUID().uuidString.prefix(6))", yaml)
        var configuration = try KubernetesClientConfiguration.kubeconfig(path: path)
        configuration.retry.initialBackoff = .milliseconds(20)
        return try CurlKubernetesClient(configuration: configuration, logger: logger)
    }

    @Test func aNewcomerConnectsWithAClientCertificateKubeconfigOverHTTP2() async throws {
        try await NginxProxy.run { fake, nginx, pki in
            let recorder = LogRecorder()
            let yaml = Self.kubeconfig(server: "https://127.0.0.1:\(nginx.mutualTLSPort)", ca: pki.caCertificate, user: Self.certificateUser(pki))
            let client = try Self.client(yaml, in: pki, logger: recorder.logger(level: .debug))
            #expect(client.defaultNamespace == "ns1")
            _ = try await client.create(widgets, namespace: client.defaultNamespace, object: Widget(name: "demo", size: 1))
            let read = try await client.get(widgets, namespace: "ns1", name: "demo", as: Widget.self)
            #expect(read.spec?.size == 1)

            let arrived = try #require(await fake.store.requests().last)
            #expect(arrived.clientVerify == "SUCCESS")
            #expect(arrived.clientSubject?.contains("CN=gateway-test") == true)
            #expect(arrived.authorization == nil)
            let versions = recorder.records.compactMap { $0.metadata["kubernetes.http_version"].map { "\($0)" } }
            #expect(versions.count == 2)
            #expect(versions.allSatisfy { $0 == "2" }, "nginx offers HTTP/2 over TLS and the client takes it")
        }
    }

    @Test func watchesStreamThroughTLS() async throws {
        try await NginxProxy.run { _, nginx, pki in
            let yaml = Self.kubeconfig(server: "https://127.0.0.1:\(nginx.mutualTLSPort)", ca: pki.caCertificate, user: Self.certificateUser(pki))
            let client = try Self.client(yaml, in: pki)
            let list = try await client.list(widgets, namespace: "ns1", as: Widget.self)
            let first = await WatchRecorder.start(
                try await client.watch(widgets, namespace: "ns1", options: WatchOptions(resourceVersion: list.resourceVersion), as: Widget.self)
            )
            let second = await WatchRecorder.start(
                try await client.watch(widgets, namespace: "ns1", options: WatchOptions(resourceVersion: list.resourceVersion), as: Widget.self)
            )
            _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "streamed", size: 1))
            #expect(await first.waitForEvents(1))
            #expect(await second.waitForEvents(1))
            #expect(await first.events.first?.object.metadata.name == "streamed")
            #expect(await second.events.first?.object.metadata.name == "streamed")
            await first.cancel()
            await second.cancel()
        }
    }

    @Test func aBearerTokenPassesThroughAndAnExpiredOneIsUnauthorized() async throws {
        try await NginxProxy.run { fake, nginx, pki in
            await fake.store.setAcceptedTokens(["valid-token"])
            let server = "https://127.0.0.1:\(nginx.tokenPort)"
            let client = try Self.client(Self.kubeconfig(server: server, ca: pki.caCertificate, user: "token: valid-token"), in: pki)
            let list = try await client.list(widgets, namespace: "ns1", as: Widget.self)
            #expect(list.items.isEmpty)
            #expect(await fake.store.requests().last?.authorization == "Bearer valid-token")

            let expired = try Self.client(Self.kubeconfig(server: server, ca: pki.caCertificate, user: "token: expired-token"), in: pki)
            let error = await kubernetesError { _ = try await expired.list(widgets, namespace: "ns1", options: ListOptions()) }
            #expect(error?.code == .unauthorized)
            #expect(error?.httpStatus == 401)
            #expect(error?.message == "Unauthorized")
        }
    }

    @Test func aWrongCertificateAuthorityIsAClearTLSError() async throws {
        try await NginxProxy.run { fake, nginx, pki in
            let yaml = Self.kubeconfig(
                server: "https://127.0.0.1:\(nginx.mutualTLSPort)",
                ca: pki.otherCACertificate,
                user: Self.certificateUser(pki)
            )
            let client = try Self.client(yaml, in: pki)
            let error = await kubernetesError { _ = try await client.list(widgets, namespace: "ns1", options: ListOptions()) }
            #expect(error?.code == .tlsFailed)
            #expect(error?.message.contains("certificate") == true, "\(String(describing: error))")
            #expect(await fake.store.requests().isEmpty)
        }
    }

    @Test func aMissingClientCertificateIsAClearError() async throws {
        try await NginxProxy.run { fake, nginx, pki in
            let yaml = Self.kubeconfig(server: "https://127.0.0.1:\(nginx.mutualTLSPort)", ca: pki.caCertificate, user: "token: some-token")
            let client = try Self.client(yaml, in: pki)
            let error = await kubernetesError { _ = try await client.list(widgets, namespace: "ns1", options: ListOptions()) }
            #expect(error?.code == .badRequest)
            #expect(error?.message == "HTTP 400: 400 No required SSL certificate was sent")
            #expect(await fake.store.requests().isEmpty)
        }
    }

    @Test func tlsServerNameIsWhatTheCertificateIsCheckedAgainst() async throws {
        try await NginxProxy.run { fake, nginx, pki in
            let server = "https://127.0.0.1:\(nginx.mutualTLSPort)"
            let named = try Self.client(
                Self.kubeconfig(
                    server: server,
                    ca: pki.caCertificate,
                    user: Self.certificateUser(pki),
                    cluster: "    tls-server-name: kubernetes.test"
                ),
                in: pki
            )
            _ = try await named.list(widgets, namespace: "ns1", options: ListOptions())
            #expect(await fake.store.requests().count == 1)

            let wrong = try Self.client(
                Self.kubeconfig(
                    server: server,
                    ca: pki.caCertificate,
                    user: Self.certificateUser(pki),
                    cluster: "    tls-server-name: elsewhere.test"
                ),
                in: pki
            )
            let error = await kubernetesError { _ = try await wrong.list(widgets, namespace: "ns1", options: ListOptions()) }
            #expect(error?.code == .tlsFailed)
            #expect(await fake.store.requests().count == 1)
        }
    }

    @Test func inClusterConfigurationPicksUpARotatedServiceAccountToken() async throws {
        try await NginxProxy.run { fake, nginx, pki in
            let account = try TemporaryDirectory("serviceaccount")
            defer { account.remove() }
            try account.write("token", "first-token\n")
            try account.write("ca.crt", pki.caCertificate)
            try account.write("namespace", "gateway")
            await fake.store.setAcceptedTokens(["first-token"])
            let configuration = try KubernetesClientConfiguration.inCluster(
                environment: ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": "\(nginx.tokenPort)"],
                directory: account.path
            )
            let client = try CurlKubernetesClient(configuration: configuration, logger: .quiet)
            #expect(client.defaultNamespace == "gateway")
            _ = try await client.list(widgets, namespace: client.defaultNamespace, options: ListOptions())

            // The kubelet rotates the projected token; the old one stops working.
            try account.write("token", "second-token\n")
            await fake.store.setAcceptedTokens(["second-token"])
            _ = try await client.list(widgets, namespace: client.defaultNamespace, options: ListOptions())
            let tokens = await fake.store.requests().map { $0.authorization ?? "" }
            #expect(tokens == ["Bearer first-token", "Bearer first-token", "Bearer second-token"])
        }
    }

    @Test func anExecPluginCanAnswerWithAClientCertificate() async throws {
        try await NginxProxy.run { fake, nginx, pki in
            try pki.directory.write("exec-client.crt", pki.clientCertificate)
            try pki.directory.write("exec-client.key", pki.clientKey)
            try pki.directory.write(
                "bin/cert-plugin",
                """
                #!/bin/sh
                dir="$(dirname "$0")/.."
                escape() { awk '{printf "%s\\\\n", $0}' "$1"; }
                printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":'
                printf '{"clientCertificateData":"%s","clientKeyData":"%s"}}' "$(escape "$dir/exec-client.crt")" "$(escape "$dir/exec-client.key")"
                """,
                executable: true
            )
            let user = "exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ./bin/cert-plugin"
            let client = try Self.client(
                Self.kubeconfig(server: "https://127.0.0.1:\(nginx.mutualTLSPort)", ca: pki.caCertificate, user: user),
                in: pki
            )
            _ = try await client.list(widgets, namespace: "ns1", options: ListOptions())
            #expect(await fake.store.requests().last?.clientSubject?.contains("CN=gateway-test") == true)
        }
    }

    @Test func insecureSkipTLSVerifyConnectsWithoutACertificateAuthority() async throws {
        try await NginxProxy.run { fake, nginx, pki in
            let yaml = """
                current-context: insecure
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:\(nginx.tokenPort)", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: insecure, context: {cluster: c, user: u}}]
                """
            let client = try Self.client(yaml, in: pki)
            _ = try await client.list(widgets, namespace: "ns1", options: ListOptions())
            #expect(await fake.store.requests().count == 1)
        }
    }

    @Test func aClientCertificateTheTLSLibraryCannotReadIsAClearError() async throws {
        try await NginxProxy.run { fake, nginx, pki in
            let lines = pki.clientCertificate.split(separator: "\n")
            let garbled = ([lines[0], "bm90IGEgY2VydGlmaWNhdGU="] + lines.suffix(1)).joined(separator: "\n") + "\n"
            let user = "client-certificate-data: \(garbled.base64)\n    client-key-data: \(pki.clientKey.base64)"
            let client = try Self.client(
                Self.kubeconfig(server: "https://127.0.0.1:\(nginx.mutualTLSPort)", ca: pki.caCertificate, user: user),
                in: pki
            )
            let error = await kubernetesError { _ = try await client.list(widgets, namespace: "ns1", options: ListOptions()) }
            #expect(error?.code == .tlsFailed)
            #expect(error?.message.contains("certificate") == true, "\(String(describing: error))")
            #expect(error.map { "\($0)" }?.contains("bm90IGEgY2VydGlmaWNhdGU") == false)
            #expect(await fake.store.requests().isEmpty)
        }
    }
}
