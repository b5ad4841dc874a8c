import Foundation
import Testing
import Yams

@testable import GatewayHTTP

/// What `config --print` shows: each value with its origin, YAML that reads back the same, and
/// no credential.
@Suite struct EffectiveSettingsTests {
    @Test func eachSettingShowsTheProviderItCameFromInOrderOfPrecedence() throws {
        let values = GatewaySettingValues(
            flags: [.submitWait: "5"],
            environment: ["GATEWAY_SUBMIT_WAIT": "4", "GATEWAY_PORT": "9090", "GATEWAY_HOST": ""]
        )
        let rows = Dictionary(uniqueKeysWithValues: EffectiveSettings(values).rows.map { ($0.key, $0) })
        #expect(rows["submit-wait"]?.value == "5" && rows["submit-wait"]?.origin == .flag)
        #expect(rows["port"]?.value == "9090" && rows["port"]?.origin == .env)
        #expect(rows["host"]?.value == "127.0.0.1" && rows["host"]?.origin == .default, "an empty variable leaves the default")
        #expect(rows["tokens-file"]?.value == nil)
        #expect(rows.count == GatewaySetting.all.count)
    }

    @Test func valuesThatYAMLWouldReadOtherwiseAreQuotedAndReadBackTheSame() throws {
        for text in ["runai-{project}", "yes", "@1700000000", "a: b", "say \"hi\"", "back\\slash", "8080", "1MiB", "x:"] {
            let parsed = try Yams.load(yaml: "key: \(EffectiveSettings.quoted(text))") as? [String: Any]
            #expect("\(parsed?["key"] ?? "")" == text, "\(text)")
        }
        #expect(EffectiveSettings.quoted("1MiB") == "1MiB")
        #expect(EffectiveSettings.quoted("https://idp.example/certs") == "https://idp.example/certs")
    }

    @Test func credentialsInAURLAreMaskedAndTheRestIsKept() {
        #expect(EffectiveSettings.withoutCredentials("https://user:hunter2@idp.example/certs?x=1") == "https://<secret>@idp.example/certs?x=1")
        #expect(EffectiveSettings.withoutCredentials("https://token@idp.example") == "https://<secret>@idp.example")
        #expect(EffectiveSettings.withoutCredentials("https://idp.example/a@b") == "https://idp.example/a@b")
        #expect(EffectiveSettings.withoutCredentials("runai-{project}") == "runai-{project}")
    }

    @Test func defaultsAreCommentedOutSoThePrintedFileSetsOnlyWhatWasGiven() throws {
        let yaml = EffectiveSettings(GatewaySettingValues(flags: [.maxBodySize: "2MiB"], environment: [:])).yaml
        let given = try Yams.load(yaml: yaml) as? [String: Any]
        #expect(given?.keys.sorted() == ["max-body-size"])
        #expect(yaml.contains("# port: 8080"))
    }
}
