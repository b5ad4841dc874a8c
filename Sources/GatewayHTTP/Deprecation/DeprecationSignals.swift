import Foundation
import HTTPTypes

/// The deprecation headers of one legacy response, computed from the configuration, the call and
/// the Cluster-API resource that replaces it. Pure: no I/O.
///
/// ```
/// Deprecation: @1651363200
/// Sunset: Wed, 30 Jun 2027 23:59:59 GMT
/// Link: <https://docs…/workload-overview-dev/>; rel="deprecation"; type="text/html"
/// Link: <http://127.0.0.1:8080/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads/inf1>; rel="successor-version"
/// Warning: 299 - "GET /api/v1/jobs/team-a/inf1 is deprecated; use GET /apis/run.ai/v2alpha1/namespaces/runai-team-a/…"
/// ```
struct DeprecationSignals: Sendable {
    let configuration: LegacyAPIConfiguration.Deprecation
    /// The group and version of the replacing objects, e.g. `run.ai/v2alpha1`.
    let groupVersion: String
    /// The gateway's own URL, used as the cluster base when none is configured and the request
    /// carries no usable `Host`.
    let fallbackBaseURL: String
    /// `Deprecation`, `Sunset` and the `rel="deprecation"` link: the same on every answer, so
    /// they are formatted once.
    private let fixedFields: [HTTPField]

    /// The Kubernetes API server truncates warning texts longer than this; so do we.
    static let maximumWarningLength = 256

    /// Creates the signals of one configuration.
    init(configuration: LegacyAPIConfiguration.Deprecation, groupVersion: String, fallbackBaseURL: String) {
        self.configuration = configuration
        self.groupVersion = groupVersion
        self.fallbackBaseURL = fallbackBaseURL
        var fixed = [HTTPField(name: LegacyHeader.deprecation, value: "@\(Int64(configuration.date.timeIntervalSince1970.rounded(.down)))")]
        if let sunset = configuration.sunset {
            fixed.append(HTTPField(name: LegacyHeader.sunset, value: HTTPDate.format(sunset)))
        }
        fixed.append(HTTPField(name: LegacyHeader.link, value: "<\(configuration.documentationURL)>; rel=\"deprecation\"; type=\"text/html\""))
        self.fixedFields = fixed
    }

    /// Appends the headers for a call of `method` on `path`, replaced by `successor`, to `fields`.
    /// - Parameter host: the request's `Host` header, naming the gateway as the caller reached it.
    func append(
        to fields: inout HTTPFields,
        method: HTTPRequest.Method,
        path: String,
        successor: SuccessorTarget,
        host: String?
    ) {
        fields.append(contentsOf: fixedFields)
        fields.append(HTTPField(name: LegacyHeader.link, value: "<\(baseURL(host: host))\(resourcePath(successor))>; rel=\"successor-version\""))
        fields.append(HTTPField(name: LegacyHeader.warning, value: warning(method: method, path: path, successor: successor)))
    }

    /// The Cluster-API path of `successor`.
    func resourcePath(_ successor: SuccessorTarget) -> String {
        let group = "/apis/\(groupVersion)"
        switch successor {
        case .object(let namespace, let name): return "\(group)/namespaces/\(namespace)/inferenceworkloads/\(name)"
        case .namespace(let namespace): return "\(group)/namespaces/\(namespace)/inferenceworkloads"
        case .allNamespaces: return "\(group)/inferenceworkloads"
        }
    }

    /// `299 - "<METHOD> <path> is deprecated; use <METHOD> <successor path> (<group/version> InferenceWorkload)"`.
    func warning(method: HTTPRequest.Method, path: String, successor: SuccessorTarget) -> String {
        let replacement: String
        switch (method, successor) {
        case (.post, .object(let namespace, _)), (.post, .namespace(let namespace)):
            replacement = "POST \(resourcePath(.namespace(namespace)))"
        case (.post, .allNamespaces):
            replacement = "POST \(resourcePath(.namespace("{namespace}")))"
        case (.delete, .object):
            replacement = "DELETE \(resourcePath(successor))"
        case (.delete, .namespace(let namespace)):
            replacement = "DELETE \(resourcePath(.object(namespace: namespace, name: "{name}")))"
        case (.delete, .allNamespaces):
            replacement = "DELETE \(resourcePath(.object(namespace: "{namespace}", name: "{name}")))"
        default:
            replacement = "GET \(resourcePath(successor))"
        }
        var text = "\(method.rawValue) \(Self.visible(path)) is deprecated; use \(replacement) (\(groupVersion) InferenceWorkload)"
        // Every character is visible ASCII here, so UTF-8 length is the character count.
        if text.utf8.count > Self.maximumWarningLength {
            text = String(text.prefix(Self.maximumWarningLength - 3)) + "..."
        }
        return "299 - \"\(Self.quoted(text))\""
    }

    /// `text` with `\\` and `"` escaped for a quoted string.
    private static func quoted(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 8)
        for character in text {
            if character == "\"" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// The configured cluster base URL, else `http://<Host>` when the `Host` header is a plain
    /// host and port, else the gateway's configured address.
    func baseURL(host: String?) -> String {
        if let configured = configuration.clusterBaseURL {
            return configured.hasSuffix("/") ? String(configured.dropLast()) : configured
        }
        if let host, !host.isEmpty, host.utf8.count <= 255, host.utf8.allSatisfy(Self.isHostByte) {
            return "http://\(host)"
        }
        return fallbackBaseURL
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"):
            true
        default: false
        }
    }

    /// `path` with anything but visible ASCII replaced, so it is safe inside a header.
    private static func visible(_ path: String) -> String {
        if path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return path }
        return String(path.unicodeScalars.map { $0.value > 0x20 && $0.value < 0x7F ? Character($0) : "?" })
    }
}
