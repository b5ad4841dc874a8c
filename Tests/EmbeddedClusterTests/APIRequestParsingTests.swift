import Foundation
import GatewayCore
import HTTPTypes
import Testing

@testable import EmbeddedCluster

@Suite struct APIRequestParsingTests {
    @Test(arguments: [
        ("/version", KubeEndpoint.version),
        ("/api", .coreVersions),
        ("/apis", .groups),
        ("/apis/run.ai", .group),
        ("/apis/run.ai/v1alpha1", .resources(version: "v1alpha1")),
        ("/openapi/v3", .openAPIIndex),
        ("/openapi/v3/apis/run.ai/v2alpha1", .openAPIDocument(version: "v2alpha1")),
        ("/openapi/v2", .unknown),
        ("/api/v1/namespaces/ns1", .namespace(name: "ns1")),
        ("/apis/run.ai/v2alpha1/inferenceworkloads", .collection(version: "v2alpha1", namespace: nil)),
        ("/apis/run.ai/v2alpha1/namespaces/ns1/inferenceworkloads", .collection(version: "v2alpha1", namespace: "ns1")),
        ("/apis/run.ai/v2alpha1/namespaces/ns1/inferenceworkloads/demo", .object(version: "v2alpha1", namespace: "ns1", name: "demo")),
        ("/apis/run.ai/v2alpha1/namespaces/ns1/inferenceworkloads/demo/status", .status(version: "v2alpha1", namespace: "ns1", name: "demo")),
        ("/apis/run.ai/v2alpha1/namespaces/ns1/inferenceworkloads/demo/scale", .unknown),
        ("/apis/run.ai/v3/inferenceworkloads", .unknown),
    ])
    func pathsMapToEndpoints(path: String, endpoint: KubeEndpoint) {
        #expect(KubeEndpoint(path: path) == endpoint)
    }

    @Test func discoveryFormatFollowsTheFirstAcceptableRange() {
        #expect(DiscoveryFormat.negotiate(accept: nil) == .legacy)
        #expect(DiscoveryFormat.negotiate(accept: "application/json") == .legacy)
        #expect(
            DiscoveryFormat.negotiate(accept: "application/json, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList") == .legacy
        )
        #expect(
            DiscoveryFormat.negotiate(accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList") == .aggregated(version: "v2")
        )
        #expect(
            DiscoveryFormat.negotiate(accept: "application/json;v=v2beta1;as=APIGroupDiscoveryList;g=apidiscovery.k8s.io")
                == .aggregated(version: "v2beta1")
        )
        #expect(DiscoveryFormat.negotiate(accept: "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList") == .legacy)
    }

    @Test(arguments: [
        (0, "0s"), (45, "45s"), (119, "119s"), (120, "2m"), (330, "5m30s"), (600, "10m"), (179 * 60, "179m"),
        (3 * 3600 + 20 * 60, "3h20m"), (8 * 3600, "8h"), (47 * 3600, "47h"), (2 * 86400 + 4 * 3600, "2d4h"),
        (400 * 86400, "400d"), (740 * 86400, "2y10d"), (9 * 365 * 86400, "9y"),
    ])
    func agesArePrintedAsKubectlPrintsThem(seconds: Int, printed: String) {
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(KubeTable.age(from: start, to: start.addingTimeInterval(TimeInterval(seconds))) == printed)
    }

    @Test func booleanAndCountParametersFollowTheAPIServerAndNameTheParameterWhenWrong() throws {
        let query = KubeQuery(values: ["watch": "1", "allowWatchBookmarks": "False", "limit": "10", "bad": "yes", "neg": "-3"])
        #expect(try query.bool("watch") == true)
        #expect(try query.bool("allowWatchBookmarks") == false)
        #expect(try query.bool("missing") == nil)
        #expect(try query.count("limit") == 10)
        #expect(throws: KubeStatusError.self) { try query.bool("bad") }
        do {
            _ = try query.count("neg")
            Issue.record("a negative count was accepted")
        } catch {
            #expect(error.code == 400)
            #expect(error.message.contains("neg"))
        }
    }

    @Test func unknownTopLevelAndMetadataFieldsAreFoundAndPruned() throws {
        let object: JSONValue = [
            "apiVersion": "run.ai/v2alpha1", "kind": "InferenceWorkload", "spek": [:], "metadata": ["name": "x", "colour": "red"],
            "spec": ["anything": 1],
        ]
        #expect(KubeFieldPruning.unknownFields(of: object) == ["metadata.colour", "spek"])
        let (pruned, warnings) = try KubeFieldPruning.validate(object, .warn)
        #expect(warnings.count == 2)
        #expect(pruned["spek"] == nil)
        #expect(pruned[path: ["metadata", "colour"]] == nil)
        #expect(pruned[path: ["spec", "anything"]] == 1)
        #expect(throws: KubeStatusError.self) { try KubeFieldPruning.validate(object, .strict) }
    }

    @Test func warningsAreQuotedAsTheAPIServerQuotesThem() {
        #expect(KubeWarning.header(#"unknown field "x""#) == #"299 - "unknown field \"x\"""#)
    }
}
