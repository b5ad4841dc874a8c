import Foundation
import GatewayCore

/// A Kubernetes path on one of the legacy kinds the gateway serves from its records in front of a
/// real cluster (`apps/v1` `deployments` and `v1` `services`); every other path is passed through.
///
/// ```swift
/// LegacyKindPath(path: "/apis/apps/v1/namespaces/runai-a/deployments/web/scale")
/// // kind .deployments, namespace "runai-a", name "web", subresource "scale"
/// ```
struct LegacyKindPath: Equatable, Sendable {
    /// The two kinds.
    enum Kind: Sendable, Equatable {
        /// `apps/v1` `deployments`.
        case deployments
        /// `v1` `services`.
        case services
    }

    /// Which kind.
    var kind: Kind
    /// The namespace, `nil` for the list across namespaces.
    var namespace: String?
    /// The object's name, `nil` for the collection.
    var name: String?
    /// `status`, `scale`, …; `nil` for the object itself.
    var subresource: String?

    /// Reads `path` (without its query); `nil` when it is not on these kinds.
    init?(path: String) {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard segments.first == "" else { return nil }
        segments.removeFirst()
        let plural: Kind
        if segments.starts(with: ["apis", "apps", "v1"]) {
            segments.removeFirst(3)
            plural = .deployments
        } else if segments.starts(with: ["api", "v1"]) {
            segments.removeFirst(2)
            plural = .services
        } else {
            return nil
        }
        var namespace: String?
        if segments.count >= 2, segments[0] == "namespaces" {
            namespace = segments[1]
            segments.removeFirst(2)
        }
        let expected = plural == .deployments ? "deployments" : "services"
        guard let first = segments.first, first == expected, segments.count <= 3, !segments.contains("") else { return nil }
        if namespace == nil && segments.count > 1 { return nil }  // both kinds are namespaced
        if namespace?.isEmpty == true { return nil }
        self.kind = plural
        self.namespace = namespace
        self.name = segments.count > 1 ? segments[1] : nil
        self.subresource = segments.count > 2 ? segments[2] : nil
    }
}

extension LegacyKindPath {
    /// Whether a manifest sent to this path belongs to the gateway: a Deployment whose pods run on
    /// `runai-scheduler`. (A Service belongs to it when it pairs with a Deployment the gateway holds,
    /// which only the store can tell.)
    static func isGatewayDeployment(_ manifest: JSONValue) -> Bool {
        manifest[path: ["spec", "template", "spec", "schedulerName"]] == .string(LegacyDeployment.runaiScheduler)
    }

    /// Whether a Service manifest is a legacy one by its place and shape: in a project's namespace
    /// (`runai-<project>`) and with a selector (which pairs it with its Deployment when that comes).
    static func isProjectService(_ manifest: JSONValue, namespace: String) -> Bool {
        guard namespace.hasPrefix(LegacyKindPath.projectNamespacePrefix), namespace.count > projectNamespacePrefix.count else { return false }
        return manifest[path: ["spec", "selector"]]?.objectValue?.isEmpty == false
    }

    /// The prefix of a project's namespace.
    static let projectNamespacePrefix = "runai-"

    /// The name a list or watch is narrowed to by `fieldSelector=metadata.name=<name>` (as
    /// `kubectl rollout status` and `kubectl get <kind> <name> --watch` send it), if that is its only term.
    static func selectedName(fieldSelector: String?) -> String? {
        guard let selector = fieldSelector?.trimmingCharacters(in: .whitespaces), !selector.contains(",") else { return nil }
        for prefix in ["metadata.name==", "metadata.name="] where selector.hasPrefix(prefix) {
            let name = String(selector.dropFirst(prefix.count))
            return name.isEmpty ? nil : name
        }
        return nil
    }
}
