import Foundation
import HTTPTypes

/// What a request path of the embedded Kubernetes API addresses. Pure: parsed from the path alone.
///
/// ```swift
/// KubeEndpoint(path: "/apis/run.ai/v2alpha1/namespaces/ns1/inferenceworkloads/demo")
/// // .object(version: "v2alpha1", namespace: "ns1", name: "demo")
/// ```
enum KubeEndpoint: Equatable, Sendable {
    /// `GET /version`.
    case version
    /// `GET /api`: the core group's versions (none are served).
    case coreVersions
    /// `GET /apis`: the group list.
    case groups
    /// `GET /apis/run.ai`: one group.
    case group
    /// `GET /apis/run.ai/{version}`: the resources of a served version.
    case resources(version: String)
    /// `GET /openapi/v3`: the index of OpenAPI v3 documents.
    case openAPIIndex
    /// `GET /openapi/v3/apis/run.ai/{version}`.
    case openAPIDocument(version: String)
    /// `GET /api/v1/namespaces/{name}`: namespaces exist implicitly.
    case namespace(name: String)
    /// `…/inferenceworkloads`, in a namespace or (when `namespace` is nil) across all of them.
    case collection(version: String, namespace: String?)
    /// `…/namespaces/{ns}/inferenceworkloads/{name}`.
    case object(version: String, namespace: String, name: String)
    /// `…/namespaces/{ns}/inferenceworkloads/{name}/status`.
    case status(version: String, namespace: String, name: String)
    /// Anything else under the Kubernetes prefixes: a 404 `Status`.
    case unknown

    /// Parses a path such as `/apis/run.ai/v2alpha1/inferenceworkloads`.
    init(path: String) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        self = Self.parse(segments)
    }

    private static func parse(_ s: [String]) -> KubeEndpoint {
        let group = InferenceWorkloadResource.group
        let plural = InferenceWorkloadResource.plural
        switch s.count {
        case 0: return .unknown
        case 1:
            switch s[0] {
            case "version": return .version
            case "api": return .coreVersions
            case "apis": return .groups
            default: return .unknown
            }
        default: break
        }
        if s[0] == "openapi" {
            if s == ["openapi", "v3"] { return .openAPIIndex }
            if s.count == 5, s[1] == "v3", s[2] == "apis", s[3] == group, InferenceWorkloadResource.servedVersions.contains(s[4]) {
                return .openAPIDocument(version: s[4])
            }
            return .unknown
        }
        if s[0] == "api" {
            if s.count == 4, s[1] == "v1", s[2] == "namespaces", isName(s[3]) { return .namespace(name: s[3]) }
            return .unknown
        }
        guard s[0] == "apis", s[1] == group else { return .unknown }
        if s.count == 2 { return .group }
        let version = s[2]
        guard InferenceWorkloadResource.servedVersions.contains(version) else { return .unknown }
        let rest = Array(s.dropFirst(3))
        switch rest.count {
        case 0: return .resources(version: version)
        case 1 where rest[0] == plural: return .collection(version: version, namespace: nil)
        case 3 where rest[0] == "namespaces" && rest[2] == plural:
            return .collection(version: version, namespace: rest[1])
        case 4 where rest[0] == "namespaces" && rest[2] == plural:
            return .object(version: version, namespace: rest[1], name: rest[3])
        case 5 where rest[0] == "namespaces" && rest[2] == plural && rest[4] == "status":
            return .status(version: version, namespace: rest[1], name: rest[3])
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
        case .version, .coreVersions, .groups, .group, .resources, .openAPIIndex, .openAPIDocument, .namespace:
            [.get]
        case .collection(_, let namespace):
            namespace == nil ? [.get] : [.get, .post]
        case .object:
            [.get, .put, .patch, .delete]
        case .status:
            [.get, .put, .patch]
        case .unknown:
            []
        }
    }
}
