import EmbeddedCluster
import Foundation
import GatewayCore
import HTTPTypes
import KubernetesClient
import NIOCore
import NIOHTTP1

/// A request the server refuses itself, below the router: a timeout, an exhausted body budget,
/// a malformed request or a missing `Host`. The connection is closed after the answer.
struct EarlyProblem: Sendable, Equatable {
    /// The HTTP status.
    var status: HTTPResponseStatus
    /// The Kubernetes `Status` reason (`BadRequest`, `Timeout`, `ServiceUnavailable`).
    var reason: String
    /// One line naming what is wrong and the rule.
    var message: String
    /// A longer explanation.
    var details: String
    /// `Retry-After`, in seconds, for answers that invite a retry.
    var retryAfter: Int?

    /// The request head did not arrive in time.
    static func headerTimeout(_ timeout: TimeAmount) -> EarlyProblem {
        EarlyProblem(
            status: .requestTimeout,
            reason: "Timeout",
            message: "request: the request head was not complete within \(Self.seconds(timeout)) s",
            details: "The client sent part of a request head and then stopped. Send the whole head within --client-header-timeout."
        )
    }

    /// No body bytes arrived for too long.
    static func bodyTimeout(_ timeout: TimeAmount) -> EarlyProblem {
        EarlyProblem(
            status: .requestTimeout,
            reason: "Timeout",
            message: "body: no request body bytes arrived for \(Self.seconds(timeout)) s",
            details: "The client stopped sending the request body. Each read of the body must follow the last within --client-body-timeout."
        )
    }

    /// The server holds as many request bodies as its memory budget allows.
    static func bodyBudgetExhausted(limit: Int, retryAfter: Int) -> EarlyProblem {
        EarlyProblem(
            status: .serviceUnavailable,
            reason: "ServiceUnavailable",
            message: "body: the gateway holds \(limit) bytes of request bodies at once and has no room for this one",
            details: "Too many request bodies are being received at the same time (--max-buffered-body-bytes). "
                + "Nothing was done with this request; retry it after \(retryAfter) s.",
            retryAfter: retryAfter
        )
    }

    /// More connections are open than allowed.
    static func tooManyConnections(limit: Int, retryAfter: Int) -> EarlyProblem {
        EarlyProblem(
            status: .serviceUnavailable,
            reason: "ServiceUnavailable",
            message: "connection: the gateway already has \(limit) open connections",
            details: "The gateway accepts at most \(limit) connections at once (--max-connections). Retry after \(retryAfter) s.",
            retryAfter: retryAfter
        )
    }

    /// An HTTP/1.1 request without exactly one `Host` header (RFC 9112 §3.2).
    static func hostRequired(count: Int) -> EarlyProblem {
        EarlyProblem(
            status: .badRequest,
            reason: "BadRequest",
            message: "Host: an HTTP/1.1 request must carry exactly one Host header, not \(count)",
            details: "RFC 9112 §3.2: a server must answer 400 to an HTTP/1.1 request that lacks a Host header or has more than one."
        )
    }

    /// The HTTP decoder refused the bytes.
    static func malformed(_ error: HTTPParserError) -> EarlyProblem {
        let what: String
        switch error {
        case .invalidChunkSize: what = "invalid chunk size in a chunked body"
        case .invalidContentLength, .unexpectedContentLength: what = "invalid Content-Length"
        case .headerOverflow: what = "request head too large"
        case .invalidHeaderToken, .invalidCharactersUsed, .lfExpected, .strictModeAssertion: what = "malformed header"
        case .invalidMethod: what = "invalid method"
        case .invalidURL: what = "invalid request target"
        case .invalidVersion: what = "invalid HTTP version"
        case .invalidEOFState: what = "the request ended early"
        default: what = "malformed HTTP request"
        }
        return EarlyProblem(
            status: .badRequest,
            reason: "BadRequest",
            message: "request: \(what)",
            details: "The request could not be read as HTTP/1.1 (RFC 9112); nothing was done with it."
        )
    }

    private static func seconds(_ duration: TimeAmount) -> String {
        let seconds = Duration(duration).seconds
        return seconds == seconds.rounded() ? String(Int64(seconds)) : String(format: "%.3g", seconds)
    }
}

/// Renders ``EarlyProblem``s in the shape of the API the request was for: a legacy error body
/// with the deprecation headers on legacy paths, a Kubernetes `Status` on the embedded
/// Kubernetes API's paths, and the legacy shape without deprecation headers otherwise (also
/// when no request head was read).
struct EarlyAnswerRenderer: Sendable {
    /// The legacy API's deprecation headers; `nil` sends none.
    var signals: DeprecationSignals?
    /// Whether the embedded Kubernetes API is mounted.
    var servesKubernetes: Bool

    /// The head and body of the answer to `problem`, for `request` when its head was read.
    func render(_ problem: EarlyProblem, for request: HTTPRequestHead?) -> (head: HTTPResponseHead, body: ByteBuffer) {
        let path = request.map { String($0.uri.prefix { $0 != "?" }) }
        let api = path.map(ServedAPI.init(path:)) ?? .neither
        let body: Data
        var fields: HTTPFields = [:]
        if servesKubernetes, api == .kubernetes {
            body = KubeStatusError(code: Int(problem.status.code), reason: problem.reason, message: problem.message).statusObject.compactData
            fields[.contentType] = "application/json"
        } else {
            let legacy = LegacyErrorBody(status: Int(problem.status.code), message: problem.message, details: problem.details)
            body = (try? JSONResponse.encoder.encode(legacy)) ?? Data()
            fields[.contentType] = "application/json; charset=utf-8"
            if api == .legacy, let path, let request, let signals {
                signals.append(
                    to: &fields,
                    method: HTTPRequest.Method(request.method.rawValue) ?? .get,
                    path: path,
                    successor: .allNamespaces,
                    host: request.headers.first(name: "host")
                )
            }
        }
        var headers = HTTPHeaders()
        for field in fields { headers.add(name: field.name.rawName, value: field.value) }
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Connection", value: "close")
        if let retryAfter = problem.retryAfter { headers.add(name: "Retry-After", value: String(retryAfter)) }
        return (HTTPResponseHead(version: .http1_1, status: problem.status, headers: headers), ByteBuffer(bytes: body))
    }

    /// The answer as raw HTTP/1.1 bytes, for a handler below the HTTP encoder.
    func renderBytes(_ problem: EarlyProblem) -> ByteBuffer {
        let (head, body) = render(problem, for: nil)
        var buffer = ByteBuffer()
        buffer.writeString("HTTP/1.1 \(head.status.code) \(head.status.reasonPhrase)\r\n")
        for (name, value) in head.headers { buffer.writeString("\(name): \(value)\r\n") }
        buffer.writeString("\r\n")
        buffer.writeImmutableBuffer(body)
        return buffer
    }
}
