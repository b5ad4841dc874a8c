import Hummingbird
import Logging

/// Gives every request an id, answered in `X-Request-Id` and attached to its log lines.
///
/// The caller's `X-Request-Id` is kept when it is 1 to 128 characters of letters, digits and
/// `.-_:`; otherwise the gateway's own id for the request is used.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let id: String
        if let callers = request.headers[LegacyHeader.requestID].flatMap(Self.validated) {
            id = callers
            context.logger[metadataKey: "hb.request.id"] = .string(id)
        } else {
            // Hummingbird's logger already carries its own id; setting it again costs a re-render.
            id = context.id
        }
        context.requestID = id
        do {
            var response = try await next(request, context)
            response.headers[LegacyHeader.requestID] = id
            return response
        } catch let error as any HTTPResponseError {
            var response = try error.response(from: request, context: context)
            response.headers[LegacyHeader.requestID] = id
            return response
        }
    }

    /// `candidate` when it is an acceptable request id.
    static func validated(_ candidate: String) -> String? {
        guard (1...128).contains(candidate.count),
            candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-_:".contains($0)) })
        else { return nil }
        return candidate
    }
}
