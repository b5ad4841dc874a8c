import Foundation
import GatewayCore

/// The discovery documents of the embedded API: what `kubectl` and the Python client read
/// before they touch an object. Pure values, built from the served versions.
enum KubeDiscovery {
    private static let group = InferenceWorkloadResource.group
    private static let kind = InferenceWorkloadResource.kind
    private static let plural = InferenceWorkloadResource.plural
    private static let singular = InferenceWorkloadResource.singular
    private static let shortNames = InferenceWorkloadResource.shortNames.map { JSONValue.string($0) }
    /// The verbs of the main resource.
    static let verbs: [JSONValue] = ["create", "delete", "get", "list", "patch", "update", "watch"]
    /// The verbs of the `status` subresource.
    static let statusVerbs: [JSONValue] = ["get", "patch", "update"]

    /// `GET /version`: Kubernetes 1.32, so the `kubectl` dispatcher runs `kubectl.1.32`.
    static let version: JSONValue = [
        "major": "1",
        "minor": "32",
        "gitVersion": "v1.32.0",
        "gitCommit": "0000000000000000000000000000000000000000",
        "gitTreeState": "clean",
        "buildDate": "2024-12-11T00:00:00Z",
        "goVersion": "go1.23.3",
        "compiler": "gc",
        "platform": "linux/amd64",
    ]

    /// `GET /api`: no core versions are served (the namespace GET is answered on its own).
    static func coreVersions(_ format: DiscoveryFormat) -> JSONValue {
        switch format {
        case .legacy:
            return ["kind": "APIVersions", "versions": []]
        case .aggregated(let version):
            return [
                "kind": "APIGroupDiscoveryList", "apiVersion": .string("apidiscovery.k8s.io/\(version)"),
                "metadata": [:], "items": [],
            ]
        }
    }

    /// `GET /apis`: the `run.ai` group in the negotiated format.
    static func groups(_ format: DiscoveryFormat) -> JSONValue {
        switch format {
        case .legacy:
            return ["kind": "APIGroupList", "apiVersion": "v1", "groups": [groupEntry]]
        case .aggregated(let version):
            return [
                "kind": "APIGroupDiscoveryList", "apiVersion": .string("apidiscovery.k8s.io/\(version)"),
                "metadata": [:],
                "items": [
                    [
                        "metadata": ["name": .string(group)],
                        "versions": .array(InferenceWorkloadResource.servedVersions.map(aggregatedVersion)),
                    ]
                ],
            ]
        }
    }

    /// `GET /apis/run.ai`: one `APIGroup`.
    static var groupDocument: JSONValue {
        var entry = groupEntry
        entry["kind"] = "APIGroup"
        entry["apiVersion"] = "v1"
        return entry
    }

    /// `GET /apis/run.ai/{version}`: the `APIResourceList`, with the `status` subresource.
    static func resources(version: String) -> JSONValue {
        [
            "kind": "APIResourceList",
            "apiVersion": "v1",
            "groupVersion": .string("\(group)/\(version)"),
            "resources": [
                [
                    "name": .string(plural), "singularName": .string(singular), "namespaced": true,
                    "kind": .string(kind), "verbs": .array(verbs), "shortNames": .array(shortNames),
                ],
                [
                    "name": .string("\(plural)/status"), "singularName": "", "namespaced": true,
                    "kind": .string(kind), "verbs": .array(statusVerbs),
                ],
            ],
        ]
    }

    /// The `run.ai` entry of an `APIGroupList`.
    private static var groupEntry: JSONValue {
        let versions = InferenceWorkloadResource.servedVersions.map { version -> JSONValue in
            ["groupVersion": .string("\(group)/\(version)"), "version": .string(version)]
        }
        return ["name": .string(group), "versions": .array(versions), "preferredVersion": versions[0]]
    }

    /// One version of the `run.ai` group in aggregated discovery.
    private static func aggregatedVersion(_ version: String) -> JSONValue {
        let responseKind: JSONValue = ["group": .string(group), "version": .string(version), "kind": .string(kind)]
        return [
            "version": .string(version),
            "freshness": "Current",
            "resources": [
                [
                    "resource": .string(plural),
                    "responseKind": responseKind,
                    "scope": "Namespaced",
                    "singularResource": .string(singular),
                    "shortNames": .array(shortNames),
                    "verbs": .array(verbs),
                    "subresources": [
                        ["subresource": "status", "responseKind": responseKind, "verbs": .array(statusVerbs)]
                    ],
                ]
            ],
        ]
    }
}
