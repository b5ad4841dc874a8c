import Foundation
import GatewayCore
import Hummingbird

/// Writes every legacy call to the audit log with the caller's identity, the project and workload
/// it touched and the status answered. Writes are recorded before the answer leaves; reads are
/// queued for the next batch.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let trail: AuditTrail

    /// The usage rollups' endpoint of a legacy path no route serves.
    static let unknownEndpoint = "unknown"

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
            userAgent: request.headers[.userAgent],
            endpoint: notes.route.map { LegacyRoutes.table[$0].endpoint.rawValue } ?? Self.unknownEndpoint,
            client: UsageClient.identity(
                authenticatedUser: notes.principal?.isAuthenticated == true ? notes.principal?.user : nil,
                raUser: request.headers[LegacyHeader.raUser],
                userAgent: request.headers[.userAgent],
                remoteAddress: context.remoteAddress
            )
        )
        if request.method == .get || request.method == .head {
            trail.enqueue(entry)
        } else {
            await trail.recordNow(entry)
        }
        return response
    }
}
