import Foundation
import HTTPTypes

/// The collection a request path addresses: a kind in one namespace or across all of them.
struct CollectionTarget: Equatable, Sendable {
    /// The kind.
    var kind: ResourceKind
    /// The API version of the URL; answers carry it as `apiVersion`.
    var version: String
    /// The namespace of the URL, or `nil` across namespaces.
    var namespace: String?
}

/// What a request path of the embedded Kubernetes API addresses. Pure: parsed from the path and
/// the served kinds alone.
///
/// ```swift
/// KubeEndpoint(path: "/apis/run.ai/v2alpha1/namespaces/ns1/inferenceworkloads/demo")
/// // .object(version: "v2alpha1", namespace: "ns1", name: "demo")
/// ```
enum KubeEndpoint: Equatable, Sendable {
    /// `GET /version`.
    case version
    /// `GET /api`: the core group's versions.
    case coreVersions
    /// `GET /apis`: the group list.
    case groups
    /// `GET /apis/{group}`: one group.
    case apiGroup(String)
    /// `GET /api/{version}` or `GET /apis/{group}/{version}`: the resources of a served version.
    case resourceList(group: String, version: String)
    /// `GET /openapi/v3`: the index of OpenAPI v3 documents.
    case openAPIIndex
    /// `GET /openapi/v3/api/{version}` or `/openapi/v3/apis/{group}/{version}`.
    case openAPIGroupVersion(group: String, version: String)
    /// `GET /api/v1/namespaces/{name}`: namespaces exist implicitly.
    case namespace(name: String)
    /// `…/{plural}`, in a namespace or across all of them.
    case list(CollectionTarget)
    /// `…/namespaces/{ns}/{plural}/{name}[/status|/scale]`.
    case item(ObjectTarget)
    /// Anything else under the Kubernetes prefixes: a 404 `Status`.
    case unknown

    /// `GET /apis/run.ai`.
    static var group: KubeEndpoint { .apiGroup(InferenceWorkloadResource.group) }

    /// `GET /apis/run.ai/{version}`.
    static func resources(version: String) -> KubeEndpoint {
        .resourceList(group: InferenceWorkloadResource.group, version: version)
    }

    /// `GET /openapi/v3/apis/run.ai/{version}`.
    static func openAPIDocument(version: String) -> KubeEndpoint {
        .openAPIGroupVersion(group: InferenceWorkloadResource.group, version: version)
    }

    /// The `inferenceworkloads` collection.
    static func collection(version: String, namespace: String?) -> KubeEndpoint {
        .list(CollectionTarget(kind: .inferenceWorkloads, version: version, namespace: namespace))
    }

    /// One `InferenceWorkload`.
    static func object(version: String, namespace: String, name: String) -> KubeEndpoint {
        .item(ObjectTarget(kind: .inferenceWorkloads, version: version, namespace: namespace, name: name, subresource: .main))
    }

    /// One `InferenceWorkload`'s status.
    static func status(version: String, namespace: String, name: String) -> KubeEndpoint {
        .item(ObjectTarget(kind: .inferenceWorkloads, version: version, namespace: namespace, name: name, subresource: .status))
    }

    /// Parses a path such as `/apis/run.ai/v2alpha1/inferenceworkloads` against the served kinds.
    init(path: String, kinds: ResourceRegistry = .inferenceWorkloadsOnly) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        self = Self.parse(segments, kinds)
    }

    private static func parse(_ s: [String], _ kinds: ResourceRegistry) -> KubeEndpoint {
        switch s.first {
        case "version" where s.count == 1: return .version
        case "api" where s.count == 1: return .coreVersions
        case "apis" where s.count == 1: return .groups
        case "openapi": return parseOpenAPI(Array(s.dropFirst()), kinds)
        case "api":
            if s.count == 4, s[1] == "v1", s[2] == "namespaces", isName(s[3]) { return .namespace(name: s[3]) }
            guard kinds.coreVersions.contains(s[1]) else { return .unknown }
            return parseResources(group: "", version: s[1], Array(s.dropFirst(2)), kinds)
        case "apis":
            let group = s[1]
            guard kinds.serves(group: group) else { return .unknown }
            if s.count == 2 { return .apiGroup(group) }
            guard !kinds.kinds(group: group, version: s[2]).isEmpty else { return .unknown }
            return parseResources(group: group, version: s[2], Array(s.dropFirst(3)), kinds)
        default: return .unknown
        }
    }

    private static func parseOpenAPI(_ s: [String], _ kinds: ResourceRegistry) -> KubeEndpoint {
        guard s.first == "v3" else { return .unknown }
        if s.count == 1 { return .openAPIIndex }
        if s.count == 3, s[1] == "api", kinds.coreVersions.contains(s[2]) { return .openAPIGroupVersion(group: "", version: s[2]) }
        if s.count == 4, s[1] == "apis", !kinds.kinds(group: s[2], version: s[3]).isEmpty {
            return .openAPIGroupVersion(group: s[2], version: s[3])
        }
        return .unknown
    }

    /// The part after `/apis/{group}/{version}`: a collection, an object or a subresource.
    private static func parseResources(group: String, version: String, _ rest: [String], _ kinds: ResourceRegistry) -> KubeEndpoint {
        func kind(_ plural: String) -> ResourceKind? { kinds.kind(group: group, version: version, plural: plural) }
        if rest.isEmpty { return .resourceList(group: group, version: version) }
        if rest.count == 1, let kind = kind(rest[0]) {
            return .list(CollectionTarget(kind: kind, version: version, namespace: nil))
        }
        guard rest[0] == "namespaces", rest.count >= 3, let kind = kind(rest[2]), kind.namespaced else { return .unknown }
        let namespace = rest[1]
        switch rest.count {
        case 3: return .list(CollectionTarget(kind: kind, version: version, namespace: namespace))
        case 4: return .item(ObjectTarget(kind: kind, version: version, namespace: namespace, name: rest[3], subresource: .main))
        case 5:
            let subresource: Subresource
            switch rest[4] {
            case "status" where kind.subresources.status: subresource = .status
            case "scale" where kind.subresources.scale != nil: subresource = .scale
            default: return .unknown
            }
            return .item(ObjectTarget(kind: kind, version: version, namespace: namespace, name: rest[3], subresource: subresource))
        default: return .unknown
        }
    }

    /// Whether `text` could be a namespace or object name (non-empty, no control characters).
    private static func isName(_ text: String) -> Bool {
        !text.isEmpty && !text.contains(where: { $0.isWhitespace || $0.isNewline })
    }

    /// The methods this endpoint answers; any other is a 405 `Status`.
    var allowedMethods: Set<HTTPRequest.Method> {
        switch self {
        case .version, .coreVersions, .groups, .apiGroup, .resourceList, .openAPIIndex, .openAPIGroupVersion, .namespace:
            [.get]
        case .list(let target):
            target.namespace != nil && target.kind.writable ? [.get, .post] : [.get]
        case .item(let target):
            switch target.subresource {
            case .main: target.kind.writable ? [.get, .put, .patch, .delete] : [.get]
            case .status, .scale: target.kind.writable ? [.get, .put, .patch] : [.get]
            }
        case .unknown:
            []
        }
    }
}
