import GatewayCore
import Testing

@testable import GatewayHTTP

@Suite struct LegacyListMergeTests {
    func item(_ namespace: String, _ name: String, scheduler: String = "default-scheduler") -> JSONValue {
        [
            "metadata": ["namespace": .string(namespace), "name": .string(name)],
            "spec": ["template": ["spec": ["schedulerName": .string(scheduler)]]],
        ]
    }

    func row(_ namespace: String, _ name: String, cells: [JSONValue]) -> JSONValue {
        ["cells": .array(cells), "object": ["metadata": ["namespace": .string(namespace), "name": .string(name)]]]
    }

    func columns(_ names: [String]) -> JSONValue {
        .array(names.map { ["name": .string($0), "type": "string"] })
    }

    @Test func theGatewaysObjectsJoinTheClustersSortedByNamespaceAndNameAndShadowTheirNamesakes() throws {
        let cluster: JSONValue = [
            "kind": "DeploymentList", "metadata": ["resourceVersion": "42", "continue": "next"],
            "items": [item("b", "web"), item("a", "marian"), item("a", "zeta")],
        ]
        let local: JSONValue = [
            "kind": "DeploymentList", "metadata": ["resourceVersion": "7"],
            "items": [item("a", "marian", scheduler: "runai-scheduler"), item("a", "alpha", scheduler: "runai-scheduler")],
        ]
        let merged = try #require(LegacyListMerge.merge(cluster: cluster, local: local))
        let names = merged["items"]?.arrayValue?.map {
            "\($0[path: ["metadata", "namespace"]]?.stringValue ?? "")/\($0[path: ["metadata", "name"]]?.stringValue ?? "")"
        }
        #expect(names == ["a/alpha", "a/marian", "a/zeta", "b/web"])
        let marian = merged["items"]?.arrayValue?.first { $0[path: ["metadata", "name"]] == "marian" }
        #expect(marian?[path: ["spec", "template", "spec", "schedulerName"]] == "runai-scheduler")
        #expect(merged["metadata"] == ["resourceVersion": "42", "continue": "next"])
    }

    @Test func tableRowsArePutInTheClustersColumnsByName() throws {
        let cluster: JSONValue = [
            "kind": "Table", "columnDefinitions": columns(["Name", "Ready", "Age", "Containers"]),
            "rows": [row("a", "web", cells: ["web", "1/1", "5m", "nginx"])],
        ]
        let local: JSONValue = [
            "kind": "Table", "columnDefinitions": columns(["Name", "Age", "Ready"]),
            "rows": [row("a", "marian", cells: ["marian", "1m", "0/1"])],
        ]
        let merged = try #require(LegacyListMerge.merge(cluster: cluster, local: local))
        #expect(merged["rows"]?.arrayValue?.map { $0["cells"] } == [["marian", "0/1", "1m", ""], ["web", "1/1", "5m", "nginx"]])
        #expect(merged["columnDefinitions"] == cluster["columnDefinitions"])
    }

    @Test func answersOfDifferentShapesAreNotMerged() {
        let table: JSONValue = ["kind": "Table", "columnDefinitions": [], "rows": []]
        let list: JSONValue = ["kind": "DeploymentList", "items": []]
        #expect(LegacyListMerge.merge(cluster: table, local: list) == nil)
        #expect(LegacyListMerge.merge(cluster: ["kind": "Status", "code": 500], local: list) == nil)
    }
}
