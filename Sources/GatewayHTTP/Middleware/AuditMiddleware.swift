import Foundation
import GatewayCore
import Hummingbird

/// Writes every legacy call to the audit log with the caller's identity, the project and workload
/// it touched and the status answered. Writes are recorded before the answer leaves; reads are
/// queued for the next batch.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let trail: AuditTrail

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        let notes = context.legacyCall.current
        let entry = AuditEntry(
            at: Date(),
            principal: notes.principal?.user ?? Principal.anonymousUser,
            displayUser: notes.principal?.displayUser ?? request.headers[LegacyHeader.raUser],
            method: request.method.rawValue,
            path: request.uri.path,
            status: response.status.code,
            requestID: context.requestID,
            project: notes.project,
            workload: notes.workload,
            userAgent: request.headers[.userAgent]
        )
        if request.method == .get || request.method == .head {
            trail.enqueue(entry)
        } else {
            await trail.recordNow(entry)
        }
        return response
    }
}
