import Foundation

/// A request relayed as its caller wrote it (``CurlKubernetesClient/sendRaw(_:)``).
public struct RawKubernetesRequest: Sendable {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    public var method: String
    /// The path and query, as `/api/v1/namespaces/default/pods?watch=true`.
    public var target: String
    /// The headers to send, `Authorization` included when the caller sent one. The client adds none
    /// of its own credentials.
    public var headers: [(name: String, value: String)]
    /// The body, if any.
    public var body: Data?
    /// The whole-transfer timeout; `nil` for none (watches and followed logs, which the server ends).
    public var timeout: Duration?

    /// Creates a raw request.
    public init(method: String, target: String, headers: [(name: String, value: String)] = [], body: Data? = nil, timeout: Duration?) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// The answer to a ``RawKubernetesRequest``: its status and headers, and its body as it streams.
public struct RawKubernetesResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The header fields, names lower-cased, repeated fields joined with `, `.
    public var headers: [(name: String, value: String)]
    /// The body's chunks as they arrive; it throws ``KubernetesError`` when the transfer breaks.
    public var body: RawKubernetesBody
}

/// The body of a ``RawKubernetesResponse``: the chunks libcurl received, in order, each handed on
/// as soon as it arrived. Dropping the iterator (or cancelling its task) ends the transfer.
public struct RawKubernetesBody: AsyncSequence, Sendable {
    /// One chunk of the body.
    public typealias Element = Data

    let exchange: RawExchange

    /// Iterates the chunks.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Data, any Error>.AsyncIterator
        let exchange: RawExchange

        /// The next chunk, or `nil` at the end of the body.
        public mutating func next() async throws -> Data? {
            do {
                guard let chunk = try await base.next() else { return nil }
                exchange.consumed(chunk.count)
                return chunk
            } catch let failure as TransportFailure {
                throw failure.kubernetesError
            }
        }
    }

    /// An iterator over the chunks; iterate once.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: exchange.chunks.makeAsyncIterator(), exchange: exchange)
    }

    /// Ends the transfer.
    public func cancel() { exchange.cancel() }
}

extension CurlKubernetesClient {
    /// The most bytes of a raw answer held for a reader that has not taken them yet.
    public static let maximumPendingRawBytes = 16 << 20

    /// Sends a request as given and answers as soon as the status line and headers arrived, whatever
    /// the status; the body then streams (``RawKubernetesBody``).
    ///
    /// Only the server URL, TLS verification (the certificate authority, `tls-server-name`) and the
    /// connect timeout of the configuration apply: none of the configured credentials (token, client
    /// certificate, exec plugin) are sent, nor the rate limit or retries, since the request and its
    /// `Authorization` are someone else's. libcurl asks for compressed answers and decodes them, so
    /// the body is the decoded one (drop `content-encoding` and `content-length` when relaying it).
    /// - Throws: ``KubernetesError`` when no answer arrived (connection, TLS, timeout).
    public func sendRaw(_ request: RawKubernetesRequest) async throws -> RawKubernetesResponse {
        var headers = request.headers
        if let host = endpoint.hostHeader { headers.append(("Host", host)) }
        var tls = configuration.tls
        tls.clientCertificate = nil
        let curlRequest = CurlRequest(
            method: request.method,
            url: endpoint.base + request.target,
            headers: headers,
            body: request.body,
            bearerToken: nil,
            connectTimeout: configuration.timeouts.connect,
            timeout: request.timeout,
            tls: tls,
            connectTo: endpoint.connectTo,
            bypassProxy: endpoint.isLoopback
        )
        do {
            let (exchange, head) = try await RawExchange.open(curlRequest, on: loop, maximumPending: Self.maximumPendingRawBytes)
            return RawKubernetesResponse(
                status: head.status,
                headers: head.headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) },
                body: RawKubernetesBody(exchange: exchange)
            )
        } catch let failure as TransportFailure {
            throw failure.kubernetesError
        }
    }
}
