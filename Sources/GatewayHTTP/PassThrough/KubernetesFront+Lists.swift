import GatewayCore
import HTTPTypes
import Hummingbird
import NIOCore

extension KubernetesFront {
    /// The largest answer of either side a merged list reads (a larger one is an error Status).
    static let maximumListSize = 64 * 1024 * 1024

    /// A list of a whole collection of `deployments` or `services` (of a namespace, or across all):
    /// the cluster's answer with the gateway's objects merged in (``LegacyListMerge``).
    ///
    /// - The cluster's answer decides first: an error (the caller's token refused there, say) is
    ///   answered as it is, and so is a later page (`continue`), whose token only the cluster knows
    ///   (the gateway's objects came with the first page).
    /// - The gateway's own list is then asked whole (without `limit`), with the caller's request
    ///   otherwise unchanged (its access rules, selectors, `Accept`); its error is the answer.
    /// - The answer carries the cluster's headers, and the gateway's deprecation `Warning`s when
    ///   it holds any object of the list.
    func mergedList(
        _ request: Request,
        context: GatewayRequestContext,
        local responder: some HTTPResponder<GatewayRequestContext>
    ) async throws -> Response {
        let clusterAnswer = await passThrough.relay(request, body: nil)
        guard clusterAnswer.status == .ok, request.uri.queryParameters.get("continue") == nil else { return clusterAnswer }
        var head = request.head
        head.path = Self.withoutPaging(request)
        let localAnswer = try await responder.respond(to: Request(head: head, body: RequestBody(buffer: ByteBuffer())), context: context)
        guard localAnswer.status == .ok else { return localAnswer }
        let clusterBody = try await Self.collect(clusterAnswer)
        let localBody = try await Self.collect(localAnswer)
        guard let clusterList = try? JSONValue(parsing: clusterBody.readableBytesView),
            let localList = try? JSONValue(parsing: localBody.readableBytesView),
            let merged = LegacyListMerge.merge(cluster: clusterList, local: localList)
        else {
            return Self.answer(clusterAnswer, body: clusterBody)
        }
        var answer = Self.answer(clusterAnswer, body: ByteBuffer(bytes: merged.compactData))
        let member = localList["kind"] == "Table" ? "rows" : "items"
        if localList[member]?.arrayValue?.isEmpty == false {
            for field in localAnswer.headers where Self.deprecationFields.contains(field.name.canonicalName) {
                answer.headers.append(field)
            }
        }
        return answer
    }

    /// The headers that mark an answer on the legacy kinds.
    static let deprecationFields: Set<String> = ["warning", "deprecation", "sunset", "link"]

    /// The request's path and query without `limit` and `continue`.
    static func withoutPaging(_ request: Request) -> String {
        let uri = request.uri
        let kept = (uri.query ?? "").split(separator: "&").filter { part in
            let name = part.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return name != "limit" && name != "continue"
        }
        return kept.isEmpty ? uri.path : uri.path + "?" + kept.joined(separator: "&")
    }

    /// `answer` with `body` in place of its own.
    static func answer(_ answer: Response, body: ByteBuffer) -> Response {
        var headers = answer.headers
        headers[.contentLength] = "\(body.readableBytes)"
        return Response(status: answer.status, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// The whole body of an answer, up to ``maximumListSize``.
    static func collect(_ answer: Response) async throws -> ByteBuffer {
        let collected = CollectingWriter.Box()
        try await answer.body.write(CollectingWriter(limit: maximumListSize, buffer: collected))
        return collected.value
    }
}

/// A ``ResponseBodyWriter`` that keeps what is written, up to a limit.
private struct CollectingWriter: ResponseBodyWriter {
    /// Shared with the caller: the writer is consumed by the body.
    final class Box: @unchecked Sendable {
        var value = ByteBuffer()
    }

    let limit: Int
    let buffer: Box

    mutating func write(_ part: ByteBuffer) async throws {
        guard buffer.value.readableBytes + part.readableBytes <= limit else {
            throw HTTPError(.badGateway, message: "the list is larger than the \(limit) bytes the gateway merges")
        }
        var part = part
        buffer.value.writeBuffer(&part)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
