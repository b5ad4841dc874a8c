/// Which kind of object a request is about: an API group, a version and a plural resource name.
///
/// The client is generic over resources; describe one once and pass it to every call:
/// ```swift
/// let workloads = KubernetesResource(group: "run.ai", version: "v2alpha1", plural: "inferenceworkloads")
/// let configMaps = KubernetesResource(group: "", version: "v1", plural: "configmaps")
/// let namespaces = KubernetesResource(group: "", version: "v1", plural: "namespaces", namespaced: false)
/// ```
public struct KubernetesResource: Hashable, Sendable, CustomStringConvertible {
    /// The API group; empty for the core group (`/api/v1`).
    public var group: String
    /// The API version inside the group, e.g. `v2alpha1`.
    public var version: String
    /// The plural resource name used in paths, e.g. `inferenceworkloads`.
    public var plural: String
    /// Whether objects of this resource live in a namespace.
    public var namespaced: Bool

    /// Describes a resource.
    /// - Parameters:
    ///   - group: The API group; empty for the core group.
    ///   - version: The version inside the group.
    ///   - plural: The plural resource name.
    ///   - namespaced: Whether objects live in namespaces (the default).
    public init(group: String, version: String, plural: String, namespaced: Bool = true) {
        self.group = group
        self.version = version
        self.plural = plural
        self.namespaced = namespaced
    }

    /// `group/version`, or just `version` for the core group: the `apiVersion` of the objects.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `plural.group`, as Kubernetes names a resource in messages (`inferenceworkloads.run.ai`).
    public var description: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The URL path of a collection or of one object, percent-encoded.
    ///
    /// - Parameters:
    ///   - namespace: The namespace; `nil` for cluster-scoped resources or a list across all namespaces.
    ///   - name: The object's name; `nil` for the collection.
    ///   - subresource: A subresource such as `status`; only with a name.
    /// - Returns: e.g. `/apis/run.ai/v2alpha1/namespaces/ns1/inferenceworkloads/demo/status`.
    public func path(namespace: String?, name: String? = nil, subresource: String? = nil) -> String {
        var path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace {
            path += "/namespaces/\(KubernetesResource.encodeSegment(namespace))"
        }
        path += "/\(plural)"
        if let name {
            path += "/\(KubernetesResource.encodeSegment(name))"
            if let subresource {
                path += "/\(KubernetesResource.encodeSegment(subresource))"
            }
        }
        return path
    }

    /// Percent-encodes one path segment (everything but RFC 3986 unreserved characters).
    static func encodeSegment(_ segment: String) -> String {
        var encoded = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
