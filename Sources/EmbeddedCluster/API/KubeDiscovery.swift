import Foundation
import GatewayCore

/// The discovery documents of the embedded API: what `kubectl` and the Python client read
/// before they touch an object. Pure values, built from the served kinds.
struct KubeDiscovery {
    /// The kinds served.
    let kinds: ResourceRegistry

    /// The verbs of a writable kind's main resource.
    static let verbs: [JSONValue] = ["create", "delete", "get", "list", "patch", "update", "watch"]
    /// The verbs of a read-only kind.
    static let readVerbs: [JSONValue] = ["get", "list", "watch"]
    /// The verbs of the `status` and `scale` subresources.
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

    /// `GET /api`: the core group's versions (none when no core kind is served; the namespace GET is answered on its own).
    func coreVersions(_ format: DiscoveryFormat) -> JSONValue {
        let versions = kinds.coreVersions
        switch format {
        case .legacy:
            return ["kind": "APIVersions", "versions": .array(versions.map(JSONValue.string))]
        case .aggregated(let version):
            let items: [JSONValue] =
                versions.isEmpty
                ? [] : [["metadata": ["creationTimestamp": .null], "versions": .array(versions.map { aggregatedVersion(group: "", $0) })]]
            return [
                "kind": "APIGroupDiscoveryList", "apiVersion": .string("apidiscovery.k8s.io/\(version)"),
                "metadata": [:], "items": .array(items),
            ]
        }
    }

    /// `GET /apis`: the named groups in the negotiated format.
    func groups(_ format: DiscoveryFormat) -> JSONValue {
        switch format {
        case .legacy:
            return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(kinds.groups.map { groupEntry($0.name, $0.versions) })]
        case .aggregated(let version):
            let items = kinds.groups.map { group -> JSONValue in
                [
                    "metadata": ["name": .string(group.name)],
                    "versions": .array(group.versions.map { aggregatedVersion(group: group.name, $0) }),
                ]
            }
            return [
                "kind": "APIGroupDiscoveryList", "apiVersion": .string("apidiscovery.k8s.io/\(version)"),
                "metadata": [:], "items": .array(items),
            ]
        }
    }

    /// `GET /apis/{group}`: one `APIGroup`.
    func groupDocument(_ group: String) -> JSONValue {
        var entry = groupEntry(group, kinds.groups.first { $0.name == group }?.versions ?? [])
        entry["kind"] = "APIGroup"
        entry["apiVersion"] = "v1"
        return entry
    }

    /// `GET /apis/{group}/{version}` (`/api/{version}`): the `APIResourceList`, with each kind's subresources.
    func resources(group: String, version: String) -> JSONValue {
        var resources: [JSONValue] = []
        for kind in kinds.kinds(group: group, version: version) {
            var entry: JSONValue = [
                "name": .string(kind.plural), "singularName": .string(kind.singular), "namespaced": .bool(kind.namespaced),
                "kind": .string(kind.kind), "verbs": .array(kind.writable ? Self.verbs : Self.readVerbs),
            ]
            if !kind.shortNames.isEmpty { entry["shortNames"] = .array(kind.shortNames.map(JSONValue.string)) }
            if !kind.categories.isEmpty { entry["categories"] = .array(kind.categories.map(JSONValue.string)) }
            resources.append(entry)
            if kind.subresources.status {
                resources.append([
                    "name": .string("\(kind.plural)/status"), "singularName": "", "namespaced": .bool(kind.namespaced),
                    "kind": .string(kind.kind), "verbs": .array(Self.statusVerbs),
                ])
            }
            if kind.subresources.scale != nil {
                resources.append([
                    "name": .string("\(kind.plural)/scale"), "singularName": "", "namespaced": .bool(kind.namespaced),
                    "group": "autoscaling", "version": "v1", "kind": "Scale", "verbs": .array(Self.statusVerbs),
                ])
            }
        }
        return [
            "kind": "APIResourceList",
            "apiVersion": "v1",
            "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"),
            "resources": .array(resources),
        ]
    }

    /// A group's entry of an `APIGroupList`.
    private func groupEntry(_ group: String, _ versions: [String]) -> JSONValue {
        let entries = versions.map { version -> JSONValue in
            ["groupVersion": .string("\(group)/\(version)"), "version": .string(version)]
        }
        return ["name": .string(group), "versions": .array(entries), "preferredVersion": entries.first ?? [:]]
    }

    /// One version of a group in aggregated discovery.
    private func aggregatedVersion(group: String, _ version: String) -> JSONValue {
        let resources = kinds.kinds(group: group, version: version).map { kind -> JSONValue in
            let responseKind: JSONValue = ["group": .string(group), "version": .string(version), "kind": .string(kind.kind)]
            var subresources: [JSONValue] = []
            if kind.subresources.status {
                subresources.append(["subresource": "status", "responseKind": responseKind, "verbs": .array(Self.statusVerbs)])
            }
            if kind.subresources.scale != nil {
                let scale: JSONValue = ["group": "autoscaling", "version": "v1", "kind": "Scale"]
                subresources.append(["subresource": "scale", "responseKind": scale, "verbs": .array(Self.statusVerbs)])
            }
            var entry: JSONValue = [
                "resource": .string(kind.plural),
                "responseKind": responseKind,
                "scope": kind.namespaced ? "Namespaced" : "Cluster",
                "singularResource": .string(kind.singular),
                "verbs": .array(kind.writable ? Self.verbs : Self.readVerbs),
            ]
            if !kind.shortNames.isEmpty { entry["shortNames"] = .array(kind.shortNames.map(JSONValue.string)) }
            if !kind.categories.isEmpty { entry["categories"] = .array(kind.categories.map(JSONValue.string)) }
            if !subresources.isEmpty { entry["subresources"] = .array(subresources) }
            return entry
        }
        return ["version": .string(version), "freshness": "Current", "resources": .array(resources)]
    }
}
