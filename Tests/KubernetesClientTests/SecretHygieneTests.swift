import Foundation
import GatewayTestSupport
import KubernetesClient
import Logging
import Testing

/// No token, key or certificate ever appears in logs, error descriptions or configuration dumps.
@Suite struct SecretHygieneTests {
    let widgets = Widget.resource

    @Test func logsErrorsAndDumpsCarryNoTokenKeyOrCertificate() async throws {
        try await NginxProxy.run { fake, nginx, pki in
            let token = "s3cr3t-token-\(UUID().uuidString)"
            await fake.store.setAcceptedTokens([token])
            let recorder = LogRecorder()
            var descriptions: [String] = []

            // Client certificate and token, over real TLS: successes, a retry, a 401, a 404.
            let yaml = TLSTests.kubeconfig(
                server: "https://127.0.0.1:\(nginx.mutualTLSPort)",
                ca: pki.caCertificate,
                user: TLSTests.certificateUser(pki) + "\n    token: \(token)"
            )
            let path = try pki.directory.write("hygiene-config", yaml)
            var configuration = try KubernetesClientConfiguration.kubeconfig(path: path)
            configuration.retry.initialBackoff = .milliseconds(10)
            let client = try CurlKubernetesClient(configuration: configuration, logger: recorder.logger(level: .trace))
            _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "demo", size: 1))
            await fake.store.addFault(.init(method: "GET", status: 500, retryAfter: nil, remaining: 1))
            _ = try await client.get(widgets, namespace: "ns1", name: "demo", subresource: nil)
            if let error = await kubernetesError({ _ = try await client.get(widgets, namespace: "ns1", name: "nope", subresource: nil) }) {
                descriptions += ["\(error)", String(reflecting: error)]
            }
            await fake.store.setAcceptedTokens(["another"])
            if let error = await kubernetesError({ _ = try await client.list(widgets, namespace: "ns1", options: ListOptions()) }) {
                descriptions += ["\(error)", String(reflecting: error)]
            }

            // A TLS failure.
            let wrongCA = try KubernetesClientConfiguration.kubeconfig(
                path: try pki.directory.write(
                    "hygiene-wrong-ca",
                    TLSTests.kubeconfig(
                        server: "https://127.0.0.1:\(nginx.mutualTLSPort)",
                        ca: pki.otherCACertificate,
                        user: TLSTests.certificateUser(pki) + "\n    token: \(token)"
                    )
                )
            )
            let failing = try CurlKubernetesClient(configuration: wrongCA, logger: recorder.logger(level: .trace))
            if let error = await kubernetesError({ _ = try await failing.list(widgets, namespace: "ns1", options: ListOptions()) }) {
                descriptions += ["\(error)", String(reflecting: error)]
            }

            var dumped = ""
            dump(configuration, to: &dumped)
            descriptions += [dumped, "\(configuration)", String(reflecting: configuration.credentials), "\(configuration.tls)"]

            let logged = recorder.records.map(\.fullText)
            #expect(logged.count >= 5, "the client logged its requests")
            #expect(descriptions.count >= 8)
            let keyBody = pki.clientKey.split(separator: "\n").dropFirst().first.map(String.init) ?? "unreachable"
            let certificateBody = pki.clientCertificate.split(separator: "\n").dropFirst().first.map(String.init) ?? "unreachable"
            let forbidden = [token, keyBody, certificateBody, "PRIVATE KEY", "BEGIN CERTIFICATE", pki.clientKey.base64.prefix(40).description]
            for text in logged + descriptions {
                for secret in forbidden {
                    #expect(!text.contains(secret), "found secret material in: \(text.prefix(120))")
                }
            }
            #expect(dumped.contains("<redacted>"))
        }
    }

    @Test func anExecPluginsTokenStaysOutOfLogs() async throws {
        try await FakeKubernetes.run { _, port in
            let directory = try TemporaryDirectory("exec")
            defer { directory.remove() }
            try CredentialTests.plugin(in: directory)
            let recorder = LogRecorder()
            let path = try directory.write("config", CredentialTests.execKubeconfig(port: port))
            let client = try CurlKubernetesClient(configuration: .kubeconfig(path: path), logger: recorder.logger(level: .trace))
            _ = try await client.list(widgets, namespace: "ns1", options: ListOptions())
            _ = try await client.list(widgets, namespace: "ns1", options: ListOptions())
            #expect(recorder.records.contains { $0.message.contains("exec credential plugin") })
            #expect(!recorder.records.contains { $0.fullText.contains("exec-token") })
        }
    }
}
