import Foundation

/// The kinds one embedded cluster serves, in discovery order, with lookups by URL parts.
///
/// ```swift
/// let registry = ResourceRegistry.gateway
/// registry.kind(group: "", version: "v1", plural: "services")?.kind  // "Service"
/// ```
public struct ResourceRegistry: Sendable {
    /// The registrations, in the order discovery lists them.
    public let kinds: [ResourceKind]

    /// Creates a registry; a second registration of the same group and plural is ignored.
    public init(_ kinds: [ResourceKind]) {
        var unique: [ResourceKind] = []
        for kind in kinds where !unique.contains(kind) { unique.append(kind) }
        self.kinds = unique
    }

    /// What the gateway serves: `InferenceWorkload`s, the legacy `Deployment`s and `Service`s, and the
    /// read-only lists `kubectl describe deployment` reads (`ReplicaSet`s, `Event`s).
    public static let gateway = ResourceRegistry([.inferenceWorkloads, .deployments, .services, .replicaSets, .events])

    /// Only `InferenceWorkload`s.
    public static let inferenceWorkloadsOnly = ResourceRegistry([.inferenceWorkloads])

    /// The kind at `/apis/{group}/{version}/…/{plural}` (`group` empty for `/api/{version}`), if served.
    public func kind(group: String, version: String, plural: String) -> ResourceKind? {
        kinds.first { $0.group == group && $0.plural == plural && $0.versions.contains(version) }
    }

    /// The named groups (not the core group), in order, each with its versions, preferred first.
    public var groups: [(name: String, versions: [String])] {
        var result: [(name: String, versions: [String])] = []
        for kind in kinds where !kind.group.isEmpty {
            if let index = result.firstIndex(where: { $0.name == kind.group }) {
                for version in kind.versions where !result[index].versions.contains(version) {
                    result[index].versions.append(version)
                }
            } else {
                result.append((kind.group, kind.versions))
            }
        }
        return result
    }

    /// The core group's versions (`v1`), empty when no core kind is registered.
    public var coreVersions: [String] {
        var result: [String] = []
        for kind in kinds where kind.group.isEmpty {
            for version in kind.versions where !result.contains(version) { result.append(version) }
        }
        return result
    }

    /// Whether `group` is served (empty: the core group).
    public func serves(group: String) -> Bool {
        kinds.contains { $0.group == group }
    }

    /// The kinds of one group-version.
    public func kinds(group: String, version: String) -> [ResourceKind] {
        kinds.filter { $0.group == group && $0.versions.contains(version) }
    }

    /// Every served group-version as `(group, version)`, core first.
    public var groupVersions: [(group: String, version: String)] {
        coreVersions.map { ("", $0) } + groups.flatMap { group in group.versions.map { (group.name, $0) } }
    }
}
