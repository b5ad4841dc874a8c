import Foundation

/// One API call before credentials, URL and retries: verb, path, query and body.
struct KubernetesRequest: Sendable {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    var method: String
    /// The path below the server URL, e.g. `/apis/run.ai/v2alpha1/namespaces/ns1/inferenceworkloads`.
    var path: String
    /// Query parameters, in order.
    var query: [(name: String, value: String)] = []
    /// The body.
    var body: Data?
    /// The body's `Content-Type`.
    var contentType: String?
    /// Whether repeating the request is harmless (retries after a lost connection or a 5xx).
    var idempotent: Bool

    /// The path and query, percent-encoded.
    var target: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }.joined(separator: "&")
    }

    /// Percent-encodes a query component (everything but RFC 3986 unreserved characters).
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// Where requests go: the server URL, and how `tls-server-name` reroutes them.
struct KubernetesEndpoint: Sendable {
    /// `scheme://host:port` plus any path prefix, without a trailing slash; the host is the TLS name.
    var base: String
    /// libcurl `CONNECT_TO` entry when the TLS name differs from the server's host.
    var connectTo: String?
    /// The `Host` header to send when the URL carries the TLS name instead of the server's host.
    var hostHeader: String?
    /// Whether the server is on this machine (`localhost`, `127.0.0.0/8`, `::1`): no proxy applies.
    var isLoopback = false

    /// Parses a server URL.
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` when it is not an http(s) URL with a host.
    init(server: String, tlsServerName: String?) throws {
        guard let components = URLComponents(string: server), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty
        else {
            throw KubernetesError(.invalidConfiguration, "the server URL \"\(server)\" is not an http or https URL with a host")
        }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        let prefix = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        isLoopback = host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
        if let name = tlsServerName, name != host {
            base = "\(scheme)://\(name):\(port)\(prefix)"
            connectTo = "\(name):\(port):\(bracketed):\(port)"
            hostHeader = "\(bracketed):\(port)"
        } else {
            base = "\(scheme)://\(bracketed):\(port)\(prefix)"
        }
    }
}
