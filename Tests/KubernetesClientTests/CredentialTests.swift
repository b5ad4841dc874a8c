import Foundation
import GatewayTestSupport
import KubernetesClient
import Logging
import Testing

/// Token files that rotate and exec credential plugins, against the loopback fake.
@Suite struct CredentialTests {
    let widgets = Widget.resource

    /// A plugin that counts its runs in `runs` and answers `exec-token-<run>`. Its first answer
    /// has already expired; later ones last an hour.
    static func plugin(in directory: TemporaryDirectory) throws -> String {
        try directory.write(
            "bin/get-token",
            """
            #!/bin/sh
            count_file="$(dirname "$0")/../runs"
            n=$(cat "$count_file" 2>/dev/null || echo 0)
            n=$((n + 1))
            echo "$n" > "$count_file"
            if [ "$n" -eq 1 ]; then expires="2000-01-01T00:00:00Z"; else expires=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ); fi
            [ "$KUBERNETES_EXEC_INFO" != "" ] || exit 3
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"exec-token-%s","expirationTimestamp":"%s"}}' "$n" "$expires"
            """,
            executable: true
        )
    }

    static func execKubeconfig(port: Int, command: String = "./bin/get-token") -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: fake
        clusters:
        - {name: fake, cluster: {server: "http://127.0.0.1:\(port)"}}
        users:
        - name: exec
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: \(command)
              installHint: install get-token from the platform team
        contexts:
        - {name: fake, context: {cluster: fake, user: exec}}
        """
    }

    static func runs(_ directory: TemporaryDirectory) -> Int {
        Int(directory.read("runs")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "0") ?? 0
    }

    @Test func anExecPluginIsRunCachedAndRunAgainAfterItsCredentialExpires() async throws {
        try await FakeKubernetes.run { fake, port in
            let directory = try TemporaryDirectory("exec")
            defer { directory.remove() }
            try Self.plugin(in: directory)
            let path = try directory.write("config", Self.execKubeconfig(port: port))
            let client = try CurlKubernetesClient(configuration: .kubeconfig(path: path), logger: .quiet)

            _ = try await client.list(widgets, namespace: "ns1", options: ListOptions())
            #expect(Self.runs(directory) == 1)
            // The first credential had already expired: the plugin runs again, and its answer is cached.
            _ = try await client.list(widgets, namespace: "ns1", options: ListOptions())
            #expect(Self.runs(directory) == 2)
            for _ in 0..<3 { _ = try await client.list(widgets, namespace: "ns1", options: ListOptions()) }
            #expect(Self.runs(directory) == 2)
            let tokens = await fake.store.requests().map { $0.authorization ?? "" }
            #expect(tokens == ["Bearer exec-token-1"] + Array(repeating: "Bearer exec-token-2", count: 4))
        }
    }

    @Test func anExecPluginIsRunAgainWhenTheServerRejectsItsToken() async throws {
        try await FakeKubernetes.run { fake, port in
            let directory = try TemporaryDirectory("exec")
            defer { directory.remove() }
            try Self.plugin(in: directory)
            try directory.write("runs", "1\n")  // the next answer is exec-token-2, valid for an hour
            let path = try directory.write("config", Self.execKubeconfig(port: port))
            let client = try CurlKubernetesClient(configuration: .kubeconfig(path: path), logger: .quiet)
            _ = try await client.list(widgets, namespace: "ns1", options: ListOptions())
            #expect(Self.runs(directory) == 2)

            // The cluster revokes exec-token-2 before it expires.
            await fake.store.setAcceptedTokens(["exec-token-3"])
            _ = try await client.list(widgets, namespace: "ns1", options: ListOptions())
            #expect(Self.runs(directory) == 3)
            let tokens = await fake.store.requests().map { $0.authorization ?? "" }
            #expect(tokens == ["Bearer exec-token-2", "Bearer exec-token-2", "Bearer exec-token-3"])
        }
    }

    @Test func concurrentRequestsShareOneRunOfThePlugin() async throws {
        try await FakeKubernetes.run { _, port in
            let directory = try TemporaryDirectory("exec")
            defer { directory.remove() }
            try Self.plugin(in: directory)
            try directory.write("runs", "1\n")
            let path = try directory.write("config", Self.execKubeconfig(port: port))
            let client = try CurlKubernetesClient(configuration: .kubeconfig(path: path), logger: .quiet)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 { group.addTask { _ = try await client.list(widgets, namespace: "ns1", options: ListOptions()) } }
                try await group.waitForAll()
            }
            #expect(Self.runs(directory) == 2)
        }
    }

    @Test func aFailingOrMissingPluginIsAClearCredentialError() async throws {
        try await FakeKubernetes.run { fake, port in
            let directory = try TemporaryDirectory("exec")
            defer { directory.remove() }
            try directory.write("bin/broken", "#!/bin/sh\necho 'token expired, run login' >&2\nexit 7\n", executable: true)
            let broken = try CurlKubernetesClient(
                configuration: .kubeconfig(path: try directory.write("a", Self.execKubeconfig(port: port, command: "./bin/broken"))),
                logger: .quiet
            )
            let failed = await kubernetesError { _ = try await broken.list(widgets, namespace: "ns1", options: ListOptions()) }
            #expect(failed?.code == .credentialsFailed)
            #expect(failed?.message == "the exec credential plugin ./bin/broken exited with status 7: token expired, run login")

            let missing = try CurlKubernetesClient(
                configuration: .kubeconfig(path: try directory.write("b", Self.execKubeconfig(port: port, command: "no-such-get-token"))),
                logger: .quiet
            )
            let notFound = await kubernetesError { _ = try await missing.list(widgets, namespace: "ns1", options: ListOptions()) }
            #expect(notFound?.code == .credentialsFailed)
            #expect(
                notFound?.message
                    == "the exec credential plugin no-such-get-token was not found on PATH. install get-token from the platform team"
            )
            #expect(await fake.store.requests().isEmpty)
        }
    }

    @Test func aRotatedTokenFileIsReadAgainWithoutWaitingForA401() async throws {
        try await FakeKubernetes.run { fake, port in
            let directory = try TemporaryDirectory("token")
            defer { directory.remove() }
            let tokenFile = try directory.write("token", "first\n")
            var configuration = KubernetesClientConfiguration.server(url: "http://127.0.0.1:\(port)")
            configuration.credentials = .tokenFile(path: tokenFile, refreshInterval: .zero)
            let client = try CurlKubernetesClient(configuration: configuration, logger: .quiet)
            _ = try await client.list(widgets, namespace: "ns1", options: ListOptions())
            try directory.write("token", "second\n")
            _ = try await client.list(widgets, namespace: "ns1", options: ListOptions())
            let tokens = await fake.store.requests().map { $0.authorization ?? "" }
            #expect(tokens == ["Bearer first", "Bearer second"])
        }
    }

    @Test func aKubeconfigTokenFileIsReadAgainAfterA401() async throws {
        try await FakeKubernetes.run { fake, port in
            let directory = try TemporaryDirectory("token")
            defer { directory.remove() }
            try directory.write("token", "first\n")
            let path = try directory.write(
                "config",
                """
                current-context: fake
                clusters: [{name: fake, cluster: {server: "http://127.0.0.1:\(port)"}}]
                users: [{name: u, user: {tokenFile: token}}]
                contexts: [{name: fake, context: {cluster: fake, user: u}}]
                """
            )
            let client = try CurlKubernetesClient(configuration: .kubeconfig(path: path), logger: .quiet)
            _ = try await client.list(widgets, namespace: "ns1", options: ListOptions())
            try directory.write("token", "second\n")
            await fake.store.setAcceptedTokens(["second"])
            _ = try await client.list(widgets, namespace: "ns1", options: ListOptions())
            // A token the server keeps rejecting is reported, not retried forever.
            await fake.store.setAcceptedTokens(["third"])
            let error = await kubernetesError { _ = try await client.list(widgets, namespace: "ns1", options: ListOptions()) }
            #expect(error?.code == .unauthorized)
            let tokens = await fake.store.requests().map { $0.authorization ?? "" }
            #expect(tokens == ["Bearer first", "Bearer first", "Bearer second", "Bearer second", "Bearer second"])
        }
    }
}
