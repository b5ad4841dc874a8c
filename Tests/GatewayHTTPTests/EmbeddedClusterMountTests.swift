import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import GatewayHTTP

@Suite struct EmbeddedClusterMountTests {
    /// Builds the gateway with `cluster` settings over a fresh database and runs `body` with a client.
    func withClusterGateway(
        _ cluster: ClusterConfiguration,
        legacy: LegacyAPIConfiguration = testLegacyConfiguration(),
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var configuration = GatewayConfiguration(http: .init(host: "127.0.0.1", port: 0), legacy: legacy)
        configuration.cluster = cluster
        let app = try await buildApplication(configuration: configuration, database: try makeMigratedDatabase(), logger: Logger(label: "test"))
        try await app.test(.router) { client in try await body(client) }
    }

    @Test func settingsComeFromFlagsThenTheEnvironmentThenDefaults() throws {
        #expect(try ClusterConfiguration.resolve(.init(), environment: [:]) == ClusterConfiguration())
        let environment = [
            GatewayEnvironment.cluster: "in-cluster", GatewayEnvironment.controllerDelay: "0.5",
            GatewayEnvironment.controllerFailureShare: "0.25", GatewayEnvironment.clusterEventHistory: "50",
        ]
        let fromEnvironment = try ClusterConfiguration.resolve(.init(), environment: environment)
        #expect(
            fromEnvironment
                == ClusterConfiguration(mode: .inCluster, controllerDelay: .milliseconds(500), controllerFailureShare: 0.25, eventHistory: 50)
        )
        let fromFlags = try ClusterConfiguration.resolve(.init(mode: "embedded", controllerDelay: "0"), environment: environment)
        #expect(fromFlags.mode == .embedded)
        #expect(fromFlags.controllerDelay == .zero)
        #expect(fromFlags.controllerFailureShare == 0.25)
    }

    @Test(arguments: [
        (ClusterConfiguration.Settings(mode: "minikube"), "--cluster"),
        (ClusterConfiguration.Settings(controllerDelay: "soon"), "--controller-delay"),
        (ClusterConfiguration.Settings(controllerDelay: "-1"), "--controller-delay"),
        (ClusterConfiguration.Settings(controllerFailureShare: "1.5"), "--controller-failure-share"),
        (ClusterConfiguration.Settings(eventHistory: "0"), "--cluster-event-history"),
    ])
    func badSettingsAreRefusedNamingTheFlag(settings: ClusterConfiguration.Settings, flag: String) {
        do {
            _ = try ClusterConfiguration.resolve(settings, environment: [:])
            Issue.record("accepted \(settings)")
        } catch let error as GatewayConfigurationError {
            #expect(error.message.hasPrefix(flag))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func theEmbeddedClusterIsServedBesideTheLegacyAPIByDefault() async throws {
        try await withClusterGateway(ClusterConfiguration()) { client in
            let groups = try await client.execute(uri: "/apis", method: .get)
            #expect(groups.status == .ok)
            #expect(String(buffer: groups.body).contains("run.ai/v2alpha1"))
            #expect(groups.headers[HTTPField.Name("Deprecation")!] == nil)
            let namespace = try await client.execute(uri: "/api/v1/namespaces/runai-team-a", method: .get)
            #expect(namespace.status == .ok)
            let legacy = try await client.execute(uri: "/api/v1/jobs", method: .get)
            #expect(legacy.status == .ok)
            #expect(legacy.headers[HTTPField.Name("Deprecation")!] != nil)
        }
    }

    @Test(arguments: [ClusterConfiguration.Mode.kubeconfig, .inCluster])
    func aRealClusterModePassesKubernetesPathsToTheClusterAndSaysWhenItIsUnreachable(mode: ClusterConfiguration.Mode) async throws {
        // No cluster answers here: the gateway passes the paths through and answers 502 with a Status.
        try await withClusterGateway(ClusterConfiguration(mode: mode)) { client in
            let groups = try await client.execute(uri: "/apis", method: .get)
            #expect(groups.status == .badGateway)
            #expect(String(buffer: groups.body).contains(#""kind":"Status""#))
            let objects = try await client.execute(uri: "/apis/run.ai/v2alpha1/namespaces/a/inferenceworkloads", method: .get)
            #expect(objects.status == .badGateway)
        }
    }

    @Test func theGatewaysTokensGuardTheEmbeddedClusterToo() async throws {
        let file = try writeTemporaryFile("tokens:\n  - token: alice-token-1234\n    user: alice\n    projects: [team-a]\n")
        let legacy = testLegacyConfiguration(authentication: .tokens(file: file))
        try await withClusterGateway(ClusterConfiguration(), legacy: legacy) { client in
            let path = "/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads"
            let anonymous = try await client.execute(uri: path, method: .get)
            #expect(anonymous.status == .unauthorized)
            #expect(String(buffer: anonymous.body).contains(#""kind":"Status""#))
            let bearer: HTTPFields = [.authorization: "Bearer alice-token-1234"]
            let allowed = try await client.execute(uri: path, method: .get, headers: bearer)
            #expect(allowed.status == .ok)
            let elsewhere = try await client.execute(
                uri: "/apis/run.ai/v2alpha1/namespaces/runai-team-b/inferenceworkloads",
                method: .get,
                headers: bearer
            )
            #expect(elsewhere.status == .forbidden)
            #expect(String(buffer: elsewhere.body).contains(#"User \"alice\" cannot list"#))
        }
    }
}
