import Foundation

/// One media range of an `Accept` or `Content-Type` header, with its parameters.
///
/// Kubernetes negotiates discovery formats and tables through parameters:
/// `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`. Parameter names
/// are lowercased; their order does not matter.
struct KubeMediaType: Equatable, Sendable {
    /// `type/subtype`, lowercased: `application/json`.
    var essence: String
    /// The parameters, names lowercased, values unquoted.
    var parameters: [String: String]

    /// Parses one media range such as `application/json;as=Table;v=v1;g=meta.k8s.io`.
    init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = parts.first, first.contains("/") else { return nil }
        essence = first.lowercased()
        var parameters: [String: String] = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = part[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            parameters[name] = value
        }
        self.parameters = parameters
    }

    /// Every media range of an `Accept` header, in the order the client listed them.
    static func accepted(_ header: String?) -> [KubeMediaType] {
        guard let header else { return [] }
        return header.split(separator: ",").compactMap { KubeMediaType($0) }
    }

    /// Whether this range asks for the given group/version/kind in the Kubernetes `g`/`v`/`as` parameters.
    func asks(group: String, version: String, kind: String) -> Bool {
        parameters["g"] == group && parameters["v"] == version && parameters["as"] == kind
    }
}

/// The discovery format a client negotiated through `Accept`.
enum DiscoveryFormat: Equatable, Sendable {
    /// `APIVersions` / `APIGroupList`: what every client understands.
    case legacy
    /// `APIGroupDiscoveryList` in `apidiscovery.k8s.io/<version>` (`v2`, or `v2beta1` for kubectl 1.28).
    case aggregated(version: String)

    /// The first format the client lists that the server speaks; legacy unless it names
    /// `g=apidiscovery.k8s.io;v=v2|v2beta1;as=APIGroupDiscoveryList`.
    static func negotiate(accept: String?) -> DiscoveryFormat {
        for range in KubeMediaType.accepted(accept) {
            for version in ["v2", "v2beta1"]
            where range.asks(group: "apidiscovery.k8s.io", version: version, kind: "APIGroupDiscoveryList") {
                return .aggregated(version: version)
            }
            if range.parameters["as"] == nil, range.essence == "application/json" || range.essence == "*/*" {
                return .legacy
            }
        }
        return .legacy
    }

    /// The `Content-Type` of an answer in this format (clients read the format from it alone).
    var contentType: String {
        switch self {
        case .legacy: "application/json"
        case .aggregated(let version): "application/json;g=apidiscovery.k8s.io;v=\(version);as=APIGroupDiscoveryList"
        }
    }
}
