import GatewayCore
import Hummingbird

/// Refuses legacy request bodies larger than the configured limit with a legacy 413, before a
/// handler sees them. A declared `Content-Length` over the limit is refused without reading the
/// body; otherwise the body is read up to the limit and handed on in memory.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw LegacyAPIError.payloadTooLarge(limit: limit)
        }
        guard request.method != .get, request.method != .head else {
            return try await next(request, context)
        }
        var collected = ByteBuffer()
        for try await chunk in request.body {
            guard collected.readableBytes + chunk.readableBytes <= limit else {
                throw LegacyAPIError.payloadTooLarge(limit: limit)
            }
            collected.writeImmutableBuffer(chunk)
        }
        var request = request
        request.body = .init(buffer: collected)
        return try await next(request, context)
    }
}
