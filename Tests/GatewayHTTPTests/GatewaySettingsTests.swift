import Foundation
import GatewayCore
import GatewaySync
import Testing

@testable import GatewayHTTP

/// The settings declared once: every flag reaches its typed value, the declared defaults are the
/// typed defaults, and the `--config` file sits below the environment and the flags.
@Suite struct GatewaySettingsTests {
    /// A YAML file in a fresh folder.
    private func configFile(_ text: String) throws -> String {
        try writeTemporaryFile(text, name: "gateway.yaml")
    }

    @Test func everySettingHasOneKeyOneVariableAndAParseableDefault() throws {
        #expect(Set(GatewaySetting.all.map(\.key)).count == GatewaySetting.all.count)
        #expect(Set(GatewaySetting.all.map(\.environment)).count == GatewaySetting.all.count)
        for setting in GatewaySetting.all {
            #expect(setting.environment.hasPrefix("GATEWAY_"), "\(setting)")
            #expect(GatewaySetting.named(setting.key) == setting)
            #expect(setting.help.contains("Env: \(setting.environment)"), "\(setting)")
            if let text = setting.defaultValue { try setting.check(text) }
        }
        #expect(GatewayEnvironment.kubeContext == "GATEWAY_KUBE_CONTEXT", "--context keeps its variable")
    }

    @Test func theDeclaredDefaultsAreTheTypedDefaults() throws {
        let resolved = try GatewayConfiguration.resolve(GatewaySettingValues(environment: [:]))
        let typed = GatewayConfiguration()
        #expect(resolved.http.host == typed.http.host && resolved.http.port == typed.http.port)
        #expect(resolved.http.clientHeaderTimeout == typed.http.clientHeaderTimeout)
        #expect(resolved.http.keepAliveTimeout == typed.http.keepAliveTimeout)
        #expect(resolved.http.maxConnections == typed.http.maxConnections)
        #expect(resolved.http.maxBufferedBodyBytes == typed.http.maxBufferedBodyBytes)
        #expect(resolved.database.path == typed.database.path)
        #expect(resolved.legacy.authentication == typed.legacy.authentication)
        #expect(resolved.legacy.translation == typed.legacy.translation)
        #expect(resolved.legacy.deprecation == typed.legacy.deprecation)
        #expect(resolved.legacy.maximumBodySize == typed.legacy.maximumBodySize)
        #expect(resolved.cluster == typed.cluster)
        #expect(resolved.sync.submitWait == typed.sync.submitWait && resolved.sync.driftPolicy == typed.sync.driftPolicy)
        #expect(resolved.sync.retry == typed.sync.retry)
        #expect(resolved.shutdown.deadline == typed.shutdown.deadline && resolved.shutdown.drain == typed.shutdown.drain)
    }

    @Test func everyFlagReachesItsTypedValue() throws {
        let flags: [GatewaySetting: String] = [
            .host: "0.0.0.0", .port: "9090", .database: "db/x.sqlite", .auth: "oidc", .tokensFile: "/t.yaml", .projectsFile: "/p.yaml",
            .templatesFile: "/tt.yaml", .brownoutsFile: "/b.yaml", .namespacePattern: "ns-{project}", .clusterAPIVersion: "v1alpha1",
            .deprecationDate: "@100",
            .sunsetDate: "@200", .deprecationDocsURL: "https://docs.example.com", .clusterBaseURL: "https://cluster.example.com",
            .maxBodySize: "2MiB", .oidcIssuer: "https://idp", .oidcAudience: "a, b", .oidcJWKSURL: "https://idp/certs",
            .oidcUserClaim: "sub", .oidcProjectsClaim: "groups", .oidcProjectsFile: "/g.yaml", .oidcClockSkew: "5s",
            .cluster: "kubeconfig", .controllerDelay: "0.5", .controllerFailureShare: "0.25", .clusterEventHistory: "50",
            .kubeconfig: "/k", .kubeContext: "ctx", .submitWait: "0", .drift: "report", .pushAttempts: "3", .pushMaxBackoff: "0.2",
            .clientHeaderTimeout: "1", .clientBodyTimeout: "2", .keepAliveTimeout: "3", .maxConnections: "10", .maxBufferedBodyBytes: "8MiB",
            .logFormat: "json", .metricsAuth: "token", .metricsMaxClients: "7", .shutdownTimeout: "9", .shutdownDrain: "2.5",
            .auditRetention: "30", .idempotencyRetention: "12",
        ]
        let unread = GatewaySetting.all.filter { flags[$0] == nil }
        #expect(unread == [.logLevel, .oidcJWKSFile], "every other setting is given here")
        let configuration = try GatewayConfiguration.resolve(GatewaySettingValues(flags: flags, environment: [:]), migrateOnStart: false)
        #expect(configuration.http.host == "0.0.0.0" && configuration.http.port == 9090)
        #expect(configuration.observability.logFormat == .json && configuration.observability.metricsAuth == .token)
        #expect(configuration.observability.metricsMaxClients == 7)
        #expect(configuration.retention.audit == .seconds(30 * 86_400) && configuration.retention.idempotencyKeys == .seconds(12 * 3600))
        #expect(configuration.shutdown.deadline == .seconds(9) && configuration.shutdown.drain == .milliseconds(2500))
        #expect(configuration.database.path == "db/x.sqlite" && !configuration.database.migrateOnStart)
        guard case .oidc(let oidc, let tokensFile) = configuration.legacy.authentication else {
            Issue.record("\(configuration.legacy.authentication)")
            return
        }
        #expect(tokensFile == "/t.yaml")
        #expect(oidc.issuer == "https://idp" && oidc.audiences == ["a", "b"] && oidc.keys == .url("https://idp/certs"))
        #expect(oidc.userClaim == "sub" && oidc.projectsClaim == "groups" && oidc.projectsFile == "/g.yaml" && oidc.clockSkew == .seconds(5))
        #expect(configuration.legacy.projectsFile == "/p.yaml" && configuration.legacy.templatesFile == "/tt.yaml")
        #expect(configuration.legacy.brownoutsFile == "/b.yaml")
        #expect(configuration.legacy.translation.namespace(for: "a") == "ns-a" && configuration.legacy.translation.apiVersion == .v1alpha1)
        #expect(configuration.legacy.deprecation.date == Date(timeIntervalSince1970: 100))
        #expect(configuration.legacy.deprecation.sunset == Date(timeIntervalSince1970: 200))
        #expect(configuration.legacy.deprecation.documentationURL == "https://docs.example.com")
        #expect(configuration.legacy.deprecation.clusterBaseURL == "https://cluster.example.com")
        #expect(configuration.legacy.maximumBodySize == 2 << 20)
        let cluster = ClusterConfiguration(mode: .kubeconfig, controllerDelay: .milliseconds(500), controllerFailureShare: 0.25, eventHistory: 50)
        #expect(configuration.cluster == cluster)
        #expect(configuration.sync.kubeconfig == "/k" && configuration.sync.context == "ctx" && configuration.sync.submitWait == .zero)
        #expect(configuration.sync.driftPolicy == .report && configuration.sync.retry.maximumAttempts == 3)
        #expect(configuration.sync.retry.maximumDelay == .milliseconds(200))
        #expect(configuration.http.clientHeaderTimeout == .seconds(1) && configuration.http.clientBodyTimeout == .seconds(2))
        #expect(configuration.http.keepAliveTimeout == .seconds(3) && configuration.http.maxConnections == 10)
        #expect(configuration.http.maxBufferedBodyBytes == 8 << 20)
    }

    @Test func theFileIsBelowTheEnvironmentWhichIsBelowTheFlags() async throws {
        let path = try configFile("port: 9090\nsubmit-wait: 5\nnamespace-pattern: file-{project}\nmax-connections: 7\n")
        let environment = [GatewayEnvironment.submitWait: "6", GatewayEnvironment.namespacePattern: "env-{project}"]
        let values = try await GatewaySettingValues.load(flags: [.namespacePattern: "flag-{project}"], environment: environment, configFile: path)
        let configuration = try GatewayConfiguration.resolve(values)
        #expect(configuration.http.port == 9090, "the file, given nowhere else")
        #expect(configuration.http.maxConnections == 7)
        #expect(configuration.sync.submitWait == .seconds(6), "the environment wins over the file")
        #expect(configuration.legacy.translation.namespace(for: "a") == "flag-a", "the flag wins over both")
        #expect(configuration.http.host == "127.0.0.1", "the default, given nowhere")
    }

    @Test func everyDeclaredKeyIsAcceptedInTheFile() async throws {
        // Every key, empty (as given nowhere) but the port.
        let text = GatewaySetting.all.map { $0 == .port ? "port: 9090" : "\($0.key):" }.joined(separator: "\n")
        let values = try await GatewaySettingValues.load(flags: [:], environment: [:], configFile: try configFile(text))
        #expect(try GatewayConfiguration.resolve(values).http.port == 9090)
    }

    @Test(arguments: [
        ("ports: 9090", "unknown key ports"),
        ("oidc:\n  issuer: https://idp", "unknown key oidc"),
        ("'hunter2 secret': x", "unknown key (a key that is not a plain name)"),
        ("port: [1, 2]", "port must be a single value"),
        ("submit-wait: soon", "submit-wait: --submit-wait must be a number of seconds from 0 to 60, not soon"),
        ("max-connections: 0", "max-connections: --max-connections must be a whole number from 1 to 1000000, not 0"),
        ("cluster: minikube", "cluster: --cluster must be embedded, kubeconfig or in-cluster, not minikube"),
        ("- port: 1", "must be a mapping of settings to values"),
        ("port: [", "is not valid YAML"),
    ])
    func aBadFileIsRefusedNamingTheKeyAndTheRule(text: String, expected: String) async throws {
        let path = try configFile(text)
        let error = await #expect(throws: GatewayConfigurationError.self) {
            _ = try await GatewaySettingValues.load(flags: [:], environment: [:], configFile: path)
        }
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(path) == true)
        #expect(error?.message.contains("hunter2") == false)
    }

    @Test func anEmptyOrMissingFile() async throws {
        let values = try await GatewaySettingValues.load(flags: [:], environment: [:], configFile: try configFile(""))
        #expect(try GatewayConfiguration.resolve(values).http.port == 8080)
        let error = await #expect(throws: GatewayConfigurationError.self) {
            _ = try await GatewaySettingValues.load(flags: [:], environment: [:], configFile: "/nonexistent/gateway.yaml")
        }
        #expect(error?.message == "--config: cannot read /nonexistent/gateway.yaml")
    }

    @Test func secondsWithinARangeAreOneRule() {
        #expect(throws: GatewayConfigurationError("--controller-delay must be a number of seconds from 0 to 86400, not -1")) {
            try GatewaySetting.controllerDelay.duration("-1")
        }
        #expect(throws: GatewayConfigurationError("--push-max-backoff must be a number of seconds from 0.01 to 3600, not 0")) {
            try GatewaySetting.pushMaxBackoff.duration("0")
        }
        #expect(throws: GatewayConfigurationError("--cluster-event-history must be a whole number of at least 1, not 0")) {
            try GatewaySetting.clusterEventHistory.wholeNumber("0")
        }
        #expect(throws: GatewayConfigurationError("--controller-failure-share must be a number from 0 to 1, not 1.5")) {
            try GatewaySetting.controllerFailureShare.number("1.5")
        }
    }
}
