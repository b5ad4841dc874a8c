import Foundation

/// Where an object lives in the fake's store.
struct FakeObjectKey: Hashable, Comparable {
    var plural: String
    var namespace: String
    var name: String
    static func < (lhs: FakeObjectKey, rhs: FakeObjectKey) -> Bool { (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name) }
}

/// A parsed API path: `/apis/{group}/{version}[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]`
/// or the core group's `/api/v1/…`.
struct FakeRoute {
    var group: String
    var version: String
    var namespace: String?
    var plural: String
    var name: String?
    var subresource: String?

    init(group: String, version: String, namespace: String? = nil, plural: String, name: String? = nil) {
        self.group = group
        self.version = version
        self.namespace = namespace
        self.plural = plural
        self.name = name
    }

    init?(path: String) {
        var parts = path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        if parts.first == "apis", parts.count >= 4 {
            group = parts[1]
            version = parts[2]
            parts.removeFirst(3)
        } else if parts.first == "api", parts.count >= 3 {
            group = ""
            version = parts[1]
            parts.removeFirst(2)
        } else {
            return nil
        }
        if parts.first == "namespaces", parts.count >= 3 {
            namespace = parts[1]
            parts.removeFirst(2)
        }
        guard let plural = parts.first, parts.count <= 3 else { return nil }
        self.plural = plural
        name = parts.count > 1 ? parts[1] : nil
        subresource = parts.count > 2 ? parts[2] : nil
    }

    var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    func key(_ name: String) -> FakeObjectKey { FakeObjectKey(plural: plural, namespace: namespace ?? "", name: name) }
}

/// Label and field selectors as the API server reads them (`=`, `==`, `!=`, `key`, `!key`).
enum FakeSelectors {
    static func matches(_ object: [String: Any], labelSelector: String?, fieldSelector: String?) -> Bool {
        let metadata = object["metadata"] as? [String: Any] ?? [:]
        let labels = metadata["labels"] as? [String: String] ?? [:]
        for requirement in (labelSelector ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !requirement.isEmpty {
            if let range = requirement.range(of: "!=") {
                if labels[String(requirement[..<range.lowerBound])] == String(requirement[range.upperBound...]) { return false }
            } else if let range = requirement.range(of: "==") ?? requirement.range(of: "=") {
                if labels[String(requirement[..<range.lowerBound])] != String(requirement[range.upperBound...]) { return false }
            } else if requirement.hasPrefix("!") {
                if labels[String(requirement.dropFirst())] != nil { return false }
            } else if labels[requirement] == nil {
                return false
            }
        }
        for requirement in (fieldSelector ?? "").split(separator: ",") {
            let parts = requirement.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return false }
            let value = parts[0] == "metadata.name" ? metadata["name"] as? String : metadata["namespace"] as? String
            if value != parts[1] { return false }
        }
        return true
    }

    static func resourceVersion(of object: [String: Any]) -> String? {
        (object["metadata"] as? [String: Any])?["resourceVersion"] as? String
    }
}
