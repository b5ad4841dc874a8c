import Foundation
import GatewayCore
import GatewayPersistence
import Hummingbird

/// The migration tooling's routes: `GET /api/v1/migration/usage` (who still calls the legacy API)
/// and the `/migration` page. Thin: it checks the caller, reads the rollups and renders them.
struct MigrationController: Sendable {
    let access: MigrationAccess
    let usage: any LegacyUsageRepository

    /// The report the request's filters select.
    func report(_ request: Request) async throws -> UsageReport {
        _ = try await access.authorize(request)
        let filter = try UsageQuery.filter(request.uri.queryParameters)
        return UsageReport(rows: try await usage.days(filter), filter: filter)
    }

    /// Adds the routes to `router`.
    func addRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/api/v1/migration/usage") { request, _ in
            try JSONResponse.make(try await report(request))
        }
        router.get("/migration") { request, _ in
            let html = MigrationPage(report: try await report(request)).render()
            return Response(
                status: .ok,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: html))
            )
        }
    }
}
