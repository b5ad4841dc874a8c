import GatewaySync
import Hummingbird
import Logging

/// Gives every request an id, answered in `X-Request-Id`, attached to its log lines and bound
/// (``PushCorrelation/requestID``) while it runs, so the push it queues is logged with it; and
/// logs one line per request once answered.
///
/// The caller's `X-Request-Id` is kept when it is 1 to 128 characters of letters, digits and
/// `.-_:`; otherwise the gateway's own id for the request is used.
///
/// The request's line carries `hb.request.id`, `gateway.route` (the route template, never the
/// raw path), `gateway.method`, `gateway.status`, `gateway.duration_ms` and, when the call named
/// them, `gateway.project` and `gateway.job`. Reads (polls) log at `debug`, everything else at
/// `info`; at a level that drops the line, nothing of it is built.
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
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await PushCorrelation.$requestID.withValue(id) { try await next(request, context) }
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[LegacyHeader.requestID] = id
        log(request, context, response.status, ContinuousClock.now - started)
        return response
    }

    private func log(_ request: Request, _ context: Context, _ status: HTTPResponse.Status, _ elapsed: Duration) {
        let level: Logger.Level = request.method == .get || request.method == .head ? .debug : .info
        guard context.logger.logLevel <= level else { return }
        let notes = context.legacyCall.current
        var metadata: Logger.Metadata = [
            "gateway.route": .string(notes.route.map { "/" + LegacyRoutes.table[$0].path } ?? context.endpointPath ?? "unmatched"),
            "gateway.method": .string(request.method.rawValue),
            "gateway.status": .stringConvertible(status.code),
            "gateway.duration_ms": .stringConvertible(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15),
        ]
        if let project = notes.project { metadata["gateway.project"] = .string(project) }
        if let job = notes.workload { metadata["gateway.job"] = .string(job) }
        context.logger.log(level: level, "answered", metadata: metadata)
    }

    /// `candidate` when it is an acceptable request id.
    static func validated(_ candidate: String) -> String? {
        guard (1...128).contains(candidate.count),
            candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-_:".contains($0)) })
        else { return nil }
        return candidate
    }
}
