import Foundation

extension LegacyWorkloadViews {
    /// The `autoscaling/v1` `Scale` of a Deployment object (a view or a stored manifest), as the
    /// `scale` subresource answers it: `spec.replicas` asked, `status.replicas` counted, and the
    /// pod selector as a label-selector string (`app=web`), which `kubectl scale` reads.
    public static func scale(of deployment: JSONValue) -> JSONValue {
        var metadata: JSONValue = [:]
        for key in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let value = deployment[path: ["metadata", key]] { metadata[key] = value }
        }
        let asked = deployment[path: ["spec", "replicas"]] ?? 1
        let counted = deployment[path: ["status", "replicas"]] ?? 0
        let labels = deployment[path: ["spec", "selector", "matchLabels"]]?.objectValue ?? [:]
        let selector = labels.sorted { $0.key < $1.key }.compactMap { key, value in value.stringValue.map { "\(key)=\($0)" } }
        return [
            "apiVersion": "autoscaling/v1",
            "kind": "Scale",
            "metadata": metadata,
            "spec": ["replicas": asked],
            "status": ["replicas": counted, "selector": .string(selector.joined(separator: ","))],
        ]
    }
}
