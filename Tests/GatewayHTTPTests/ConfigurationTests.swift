import Foundation
import GatewayCore
import HTTPTypes
import Testing

@testable import GatewayHTTP

@Suite struct ConfigurationTests {
    @Test func flagsWinOverTheEnvironmentWhichWinsOverDefaults() throws {
        let defaults = try LegacyAPIConfiguration.resolve(.init(), environment: [:])
        #expect(defaults.authentication == .none)
        #expect(defaults.maximumBodySize == 1 << 20)
        #expect(defaults.deprecation.date == LegacyAPIConfiguration.Deprecation.runAI25Release)
        #expect(defaults.deprecation.sunset == nil)
        #expect(defaults.translation.namespacePattern == "runai-{project}")

        let environment = [
            GatewayEnvironment.tokensFile: "/etc/gateway/tokens.yaml",
            GatewayEnvironment.maxBodySize: "2MiB",
            GatewayEnvironment.sunsetDate: "Wed, 30 Jun 2027 23:59:59 GMT",
            GatewayEnvironment.namespacePattern: "legacy-{project}",
            GatewayEnvironment.clusterAPIVersion: "v1alpha1",
        ]
        let fromEnvironment = try LegacyAPIConfiguration.resolve(.init(), environment: environment)
        #expect(fromEnvironment.authentication == .tokens(file: "/etc/gateway/tokens.yaml"), "a tokens file implies tokens mode")
        #expect(fromEnvironment.maximumBodySize == 2 << 20)
        #expect(fromEnvironment.deprecation.sunset == Date(timeIntervalSince1970: 1_814_399_999))
        #expect(fromEnvironment.translation.namespace(for: "team-a") == "legacy-team-a")
        #expect(fromEnvironment.translation.apiVersion == .v1alpha1)

        let flags = LegacyAPIConfiguration.Settings(maxBodySize: "4096")
        #expect(try LegacyAPIConfiguration.resolve(flags, environment: environment).maximumBodySize == 4096)
    }

    @Test(arguments: [
        (LegacyAPIConfiguration.Settings(auth: "tokens"), "--tokens-file"),
        (LegacyAPIConfiguration.Settings(auth: "oauth"), "--auth"),
        (LegacyAPIConfiguration.Settings(auth: "none", tokensFile: "t.yaml"), "--auth none"),
        (LegacyAPIConfiguration.Settings(deprecationDate: "2025-01-01", sunsetDate: "2024-01-01"), "sunset"),
        (LegacyAPIConfiguration.Settings(deprecationDate: "last may"), "--deprecation-date"),
        (LegacyAPIConfiguration.Settings(maxBodySize: "-1"), "--max-body-size"),
        (LegacyAPIConfiguration.Settings(maxBodySize: "lots"), "--max-body-size"),
        (LegacyAPIConfiguration.Settings(namespacePattern: "fixed"), "{project}"),
        (LegacyAPIConfiguration.Settings(clusterAPIVersion: "v3"), "--cluster-api-version"),
        (LegacyAPIConfiguration.Settings(clusterBaseURL: "not a url"), "cluster base URL"),
    ])
    func aBadSettingIsRefusedAtStartUpNamingIt(settings: LegacyAPIConfiguration.Settings, named: String) {
        let error = #expect(throws: GatewayConfigurationError.self) {
            try LegacyAPIConfiguration.resolve(settings, environment: [:])
        }
        #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
    }

    @Test(arguments: [
        ("@1651363200", 1_651_363_200.0), ("2022-05-01", 1_651_363_200), ("2022-05-01T00:00:00Z", 1_651_363_200),
        ("Sun, 01 May 2022 00:00:00 GMT", 1_651_363_200),
    ])
    func datesAreReadInEveryDocumentedForm(text: String, seconds: Double) throws {
        #expect(try ConfigurationValueParser.date(text, setting: "d").timeIntervalSince1970 == seconds)
    }

    @Test func httpDatesRoundTrip() throws {
        let date = Date(timeIntervalSince1970: 1_814_399_999)
        #expect(HTTPDate.format(date) == "Wed, 30 Jun 2027 23:59:59 GMT")
        #expect(HTTPDate.parse("Wed, 30 Jun 2027 23:59:59 GMT") == date)
        #expect(HTTPDate.parse("Thu, 30 Jun 2027 23:59:59 GMT") == nil, "wrong weekday")
    }

    @Test func aProjectsFileIsReadInYAMLOrJSON() throws {
        let yaml = try ProjectsFile.parse(
            "projects:\n  - name: team-a\n    deservedGpus: 1.5\n  - {name: team-b, namespace: ns-b, nodeAffinity: [a100]}\n",
            source: "p.yaml",
            defaultNamespace: { "runai-\($0)" }
        )
        #expect(yaml.map(\.name) == ["team-a", "team-b"])
        #expect(yaml[0].namespace == "runai-team-a")
        #expect(yaml[0].deservedGPUs == 1.5)
        #expect(yaml[1].namespace == "ns-b")
        #expect(yaml[1].nodeAffinity == ["a100"])
        #expect(yaml.allSatisfy { $0.origin == .configured })

        let json = try ProjectsFile.parse(#"[{"name": "team-c", "deservedGpus": 2}]"#, source: "p.json", defaultNamespace: { "x-\($0)" })
        #expect(json.first?.namespace == "x-team-c")
    }

    @Test(arguments: [
        ("projects: [{name: Team-A}]", "name"),
        ("projects: [{name: a}, {name: a}]", "repeats"),
        ("projects: [{name: a, gpus: 2}]", "unknown key gpus"),
        ("projects: [{name: a, deservedGpus: -1}]", "deservedGpus"),
        ("projects: [{name: a, namespace: n}, {name: b, namespace: n}]", "namespace"),
        ("projects: []", "no projects"),
        ("name: a", "list of projects"),
        ("projects: [", "not valid YAML"),
    ])
    func aBadProjectsFileIsRefusedNamingTheEntry(text: String, named: String) {
        let error = #expect(throws: GatewayConfigurationError.self) {
            try ProjectsFile.parse(text, source: "p.yaml", defaultNamespace: { "runai-\($0)" })
        }
        #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
    }

    @Test(arguments: [
        ("tokens: [{token: t1, user: u}]", "projects"),
        ("tokens: [{token: '', user: u, projects: [a]}]", "token"),
        ("tokens: [{token: t1, user: u, projects: [a]}, {token: t1, user: v, projects: [a]}]", "repeats"),
        ("tokens: [{token: t1, projects: [a]}]", "user"),
        ("tokens: [{token: t1, user: u, projects: [a], admin: true}]", "unknown key admin"),
        ("users: []", "unknown key users"),
    ])
    func aBadTokensFileIsRefusedWithoutShowingTokens(text: String, named: String) {
        let error = #expect(throws: GatewayConfigurationError.self) { try TokenFile.parse(text, source: "tokens.yaml") }
        #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("t1") == false)
    }

    @Test func aTokenForEveryProjectIsWrittenAsAStar() throws {
        let file = try TokenFile.parse("- {token: t1, user: ops, projects: '*'}\n- {token: t2, user: a, projects: [x, y]}", source: "t")
        #expect(file.entries[0].scope == .allProjects)
        #expect(file.entries[1].scope == .projects(["x", "y"]))
    }

    @Test func legacyPathsAreToldApartFromTheKubernetesCoreAPI() {
        for path in [
            "/api/v1/jobs", "/api/v1/jobs/a/b/c", "/api/job", "/api/v1/job/p", "/api/v1/projects", "/api/v1/version", "/researcher/anything",
            "//api//v1/jobs", "/api/v1/jobs?project=a", "/api/job?x=/y",
        ] {
            #expect(LegacyRoutes.isLegacy(path), "\(path)")
        }
        for path in [
            "/api", "/api/v1", "/api/v1/namespaces/runai-a", "/apis/run.ai/v2alpha1", "/version", "/healthz", "/api/v1/jobsx",
            "/api?p=/v1/jobs", "/api/v1?x=/jobs", "/", "", "/researcherx",
        ] {
            #expect(!LegacyRoutes.isLegacy(path), "\(path)")
        }
        #expect(LegacyRoutes.allowedMethods("/researcher/api/v1/jobs") == [.get, .post, .delete])
        #expect(LegacyRoutes.allowedMethods("/api/v1/jobs/a/b/c").isEmpty)
    }
}
