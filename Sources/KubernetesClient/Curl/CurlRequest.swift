import Foundation

/// Everything one HTTP attempt needs, in plain Swift values; ``CurlTransfer`` turns it into easy-handle options.
struct CurlRequest: Sendable {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    var method: String
    /// The absolute URL.
    var url: String
    /// Request headers, without `Authorization` (see ``bearerToken``).
    var headers: [(name: String, value: String)] = []
    /// The body, if any.
    var body: Data?
    /// The bearer token, sent as `Authorization: Bearer …`.
    var bearerToken: Redacted<String>?
    /// TCP + TLS handshake timeout.
    var connectTimeout: Duration
    /// Whole-transfer timeout; `nil` for watches, which last as long as the server keeps them.
    var timeout: Duration?
    /// TLS settings.
    var tls: KubernetesClientConfiguration.TLS
    /// `host:port:connect-host:connect-port`, to reach the real server while the URL carries `tls-server-name`.
    var connectTo: String?
    /// Never use a proxy from `http(s)_proxy`, as for loopback servers (Go's `ProxyFromEnvironment` does the same).
    var bypassProxy = false
}

/// The status line and headers of an answer.
struct HTTPResponseHead: Sendable {
    /// The HTTP status.
    var status: Int
    /// Header fields, names lower-cased; repeated fields joined with `, `.
    var headers: [String: String]
    /// `1.1` or `2`.
    var httpVersion: String

    /// The value of a header, by case-insensitive name.
    subscript(name: String) -> String? { headers[name.lowercased()] }

    /// `Retry-After` in whole seconds (delta-seconds form only, as the API server sends it).
    var retryAfterSeconds: Int? {
        self["retry-after"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { max(0, $0) }
    }
}

/// A complete, buffered answer.
struct HTTPResponse: Sendable {
    /// The status line and headers.
    var head: HTTPResponseHead
    /// The body.
    var body: Data
}

/// Why a transfer failed before a complete answer arrived.
struct TransportFailure: Error, Sendable {
    /// The broad class of failure.
    enum Kind: Sendable {
        /// The connection could not be made: nothing was sent, any request may be retried.
        case couldNotConnect
        /// The connection broke after the request may have been sent.
        case connectionLost
        /// A TLS handshake or verification failure.
        case tls
        /// The connect or transfer timeout passed.
        case timedOut
        /// Cancelled by the caller or by shutdown.
        case cancelled
        /// Anything else libcurl reports.
        case other
    }

    /// The broad class.
    var kind: Kind
    /// libcurl's explanation; never carries request headers or bodies.
    var message: String

    /// The matching ``KubernetesError``.
    var kubernetesError: KubernetesError {
        switch kind {
        case .couldNotConnect: KubernetesError(.connectionFailed, "cannot connect to the API server: \(message)")
        case .connectionLost: KubernetesError(.connectionFailed, "the connection to the API server broke: \(message)")
        case .tls: KubernetesError(.tlsFailed, "TLS with the API server failed: \(message)")
        case .timedOut: KubernetesError(.timedOut, "the API server did not answer in time: \(message)")
        case .cancelled: KubernetesError(.cancelled, "the request was cancelled")
        case .other: KubernetesError(.connectionFailed, "the request to the API server failed: \(message)")
        }
    }
}

/// Receives what a transfer produces. Called on the transfer thread, one call at a time per transfer.
protocol CurlTransferObserver: AnyObject, Sendable {
    /// The final status line and headers arrived.
    func transferReceivedHead(_ head: HTTPResponseHead)
    /// A piece of the body arrived. Return `false` to abort the transfer.
    func transferReceived(_ bytes: UnsafeRawBufferPointer) -> Bool
    /// The transfer ended: `nil` after a complete answer, else why not.
    func transferCompleted(_ failure: TransportFailure?)
}
