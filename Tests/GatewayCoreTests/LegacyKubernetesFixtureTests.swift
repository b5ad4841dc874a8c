import Foundation
import GatewayCore
import Testing

/// Each file in `Fixtures/LegacyKubernetes/` is a legacy Deployment (with or without its Service)
/// and, written by hand from the reference, the `InferenceWorkload` it must become, the causes it
/// must be refused with, or the scheduler that makes it not the gateway's.
@Suite struct LegacyKubernetesFixtureTests {
    static let names: [String] = {
        guard let directory = KubernetesFixtures.directory else { return [] }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted()
    }()

    @Test func theFixturesCoverEveryManifestVariantOfTheIssue() {
        let names = Self.names.joined(separator: " ")
        for variant in [
            "whole-gpu", "fraction-by-limit", "fraction-by-annotation", "mps", "without-service", "nodeport", "loadbalancer", "clusterip",
            "not-ours", "two-containers", "init-container", "volume", "unreadable-gpu",
        ] {
            #expect(names.contains(variant), "no fixture for \(variant)")
        }
    }

    @Test("a Deployment becomes the expected InferenceWorkload, refusal or pass-through", arguments: names)
    func fixture(_ name: String) throws {
        let fixture = try KubernetesFixtures.load(name)
        let deployment = try #require(fixture["deployment"], "\(name) has no deployment")
        let outcome = LegacyDeploymentTranslator.translate(deployment: deployment, service: fixture["service"])
        if let expected = fixture["expected"] {
            guard case .translated(let submit) = outcome else {
                Issue.record("\(name): \(outcome), but a workload was expected")
                return
            }
            let actual = try JSONValue(parsing: submit.workload.jsonData())
            #expect(actual.compactString == expected.compactString, "\(name)")
            #expect(submit.project == fixture["project"]?.stringValue, "\(name)")
            #expect(submit.user == fixture["user"]?.stringValue, "\(name)")
            let warnings = (fixture["warnings"]?.arrayValue ?? []).compactMap(\.stringValue)
            #expect(submit.warnings.count == warnings.count, "\(name): \(submit.warnings)")
            for fragment in warnings {
                #expect(submit.warnings.contains { $0.contains(fragment) }, "\(name): \(submit.warnings)")
            }
        } else if let scheduler = fixture["notOurs"] {
            guard case .notOurs(let actual) = outcome else {
                Issue.record("\(name): \(outcome), but not ours was expected")
                return
            }
            #expect(actual == scheduler.stringValue, "\(name)")
        } else {
            let expected = try #require(fixture["refused"], "\(name) has neither expected, notOurs nor refused")
            guard case .refused(let refusal) = outcome else {
                Issue.record("\(name): accepted, but \(expected.compactString) was expected")
                return
            }
            #expect(refusal.kind == expected["kind"]?.stringValue, "\(name)")
            let causes = expected["causes"]?.arrayValue ?? []
            #expect(refusal.causes.map(\.field) == causes.compactMap { $0["field"]?.stringValue }, "\(name): \(refusal.message)")
            for (cause, want) in zip(refusal.causes, causes) {
                #expect(cause.reason.rawValue == want["reason"]?.stringValue, "\(name): \(cause)")
                if let fragment = want["contains"]?.stringValue {
                    #expect(cause.message.contains(fragment), "\(name): \(cause.message)")
                }
            }
            let status = refusal.statusObject
            #expect(status["code"] == 422 && status["reason"] == "Invalid", "\(name)")
            #expect(status[path: ["details", "causes"]]?.arrayValue?.count == causes.count, "\(name)")
            #expect(refusal.causes.allSatisfy { refusal.message.contains($0.field) }, "\(name): the message names every field")
        }
    }
}

/// The Kubernetes manifest fixtures in `Fixtures/LegacyKubernetes/`.
enum KubernetesFixtures {
    static var directory: URL? {
        Fixtures.directory?.appendingPathComponent("LegacyKubernetes")
    }

    /// The parsed fixture.
    static func load(_ name: String) throws -> JSONValue {
        let url = try #require(directory).appendingPathComponent(name)
        return try JSONValue(parsing: Data(contentsOf: url))
    }
}
