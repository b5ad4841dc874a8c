import EmbeddedCluster
import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import KubernetesClient
import Logging
import NIOCore

/// Relays a Kubernetes request to the configured cluster as its caller sent it, and the cluster's
/// answer back as it arrives.
///
/// - Credentials: the caller's own `Authorization` header (and `Impersonate-*`, if any) goes
///   upstream untouched; the gateway's credentials from the kubeconfig or the pod (token, client
///   certificate, exec plugin) never do (``CurlKubernetesClient/sendRaw(_:)`` sends none). The
///   kubeconfig gives only the server URL and how to verify its certificate.
/// - Streaming: the answer's body is relayed chunk by chunk as libcurl receives it, so a watch
///   (`watch=true`) or a followed log (`follow=true`) reaches the caller event by event. The relay
///   holds at most ``CurlKubernetesClient/maximumPendingRawBytes`` for a caller that does not read,
///   then drops the transfer.
/// - Bounds: request bodies up to ``maximumBodySize`` (the API server's 3 MiB, as the embedded API);
///   the connect timeout of the kubeconfig client; a whole-transfer timeout of ``requestTimeout``
///   except for watches and followed logs, which last as long as the cluster keeps them open.
/// - Not relayed: hop-by-hop headers and connection upgrades, so `kubectl exec`, `attach`, `cp`
///   and `port-forward` (SPDY or WebSocket upgrades) do not work through the gateway.
struct ClusterPassThrough: Sendable {
    /// Reaches the cluster; only its server URL and TLS verification are used.
    let client: @Sendable () async throws -> CurlKubernetesClient
    /// The largest request body relayed.
    var maximumBodySize = 3 * 1024 * 1024
    /// The whole-transfer timeout of an answer that is not a stream.
    var requestTimeout: Duration = .seconds(60)
    let logger: Logger

    /// Headers that belong to one connection, or that libcurl sets itself, and so are not relayed.
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate", "te", "trailer",
        "transfer-encoding", "upgrade", "host", "content-length", "accept-encoding", "expect", "http2-settings",
    ]
    /// Answer headers not relayed: the body is relayed decoded and re-framed.
    static let answerHopByHop: Set<String> = hopByHop.union(["content-encoding"])

    /// Whether a request's answer is a stream: a watch, or a followed log.
    static func isStream(query: [(name: String, value: String)]) -> Bool {
        query.contains { ($0.name == "watch" || $0.name == "follow") && ($0.value == "true" || $0.value == "1") }
    }

    /// Relays `request` (whose body, if it was read already, is `body`).
    func relay(_ request: Request, body: ByteBuffer?) async -> Response {
        do {
            let bytes: ByteBuffer?
            if let body {
                bytes = body
            } else if request.method == .get || request.method == .head {
                bytes = nil
            } else {
                bytes = try await request.body.collect(upTo: maximumBodySize)
            }
            let query = request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
            var headers: [(name: String, value: String)] = []
            for field in request.headers where !Self.hopByHop.contains(field.name.canonicalName) {
                headers.append((field.name.rawName, field.value))
            }
            let raw = RawKubernetesRequest(
                method: request.method.rawValue,
                target: request.uri.string,
                headers: headers,
                body: bytes.map { Data($0.readableBytesView) },
                timeout: Self.isStream(query: query) ? nil : requestTimeout
            )
            let answer = try await client().sendRaw(raw)
            logger.debug(
                "kubernetes request passed through",
                metadata: ["kubernetes.method": "\(raw.method)", "kubernetes.path": "\(request.uri.path)", "kubernetes.status": "\(answer.status)"]
            )
            var fields = HTTPFields()
            for (name, value) in answer.headers where !Self.answerHopByHop.contains(name) {
                if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
            }
            let chunks = answer.body.map { ByteBuffer(bytes: $0) }
            return Response(status: .init(code: answer.status), headers: fields, body: ResponseBody(asyncSequence: chunks))
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return Self.status(
                KubeStatusError(
                    code: 413,
                    reason: "RequestEntityTooLarge",
                    message: "the request body is larger than the \(maximumBodySize) bytes the gateway relays"
                )
            )
        } catch let error as KubernetesError {
            logger.warning(
                "kubernetes pass-through failed",
                metadata: ["kubernetes.path": "\(request.uri.path)", "gateway.error": "\(error.message)"]
            )
            return Self.status(
                KubeStatusError(code: 502, reason: "ServiceUnavailable", message: "the cluster could not be reached: \(error.message)")
            )
        } catch {
            logger.warning("kubernetes pass-through failed", metadata: ["kubernetes.path": "\(request.uri.path)", "gateway.error": "\(error)"])
            return Self.status(KubeStatusError(code: 502, reason: "ServiceUnavailable", message: "the cluster could not be reached"))
        }
    }

    /// A `metav1.Status` answer.
    static func status(_ error: KubeStatusError) -> Response {
        let body = error.statusObject.compactData
        return Response(
            status: .init(code: error.code),
            headers: [.contentType: "application/json", .contentLength: "\(body.count)"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}

extension ClusterPassThrough {
    /// The pass-through to the cluster `mode` names (`kubeconfig` or `in-cluster`).
    static func cluster(_ mode: ClusterConfiguration.Mode, sync: SyncConfiguration, logger: Logger) -> ClusterPassThrough {
        let client = PassThroughClient(mode: mode, sync: sync, logger: logger)
        return ClusterPassThrough(client: { try await client.current() }, logger: logger)
    }
}
