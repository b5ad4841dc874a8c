import Foundation
import GatewayPersistence
import Hummingbird

/// `GET /healthz`: liveness. 200 while the process answers and its database reads, 503 otherwise,
/// with the check that failed: `{"status":"unavailable","checks":{"database":"unavailable"},"failing":["database"]}`.
///
/// Unlike `/readyz`, a failure here is a reason to restart the gateway. Neither needs a token or
/// carries deprecation headers.
struct HealthController<Context: RequestContext>: Sendable {
    let database: GatewayDatabase

    /// The body of a health answer.
    struct Health: ResponseEncodable {
        var status: String
        var version: String
        var checks: [String: String]
        /// The checks that failed; absent when healthy.
        var failing: [String]?
    }

    func addRoutes(to router: Router<Context>) {
        router.get("healthz") { _, _ -> Response in
            let healthy = await database.isHealthy()
            return try JSONResponse.make(
                Health(
                    status: healthy ? "ok" : "unavailable",
                    version: GatewayVersionInfo.version,
                    checks: ["database": healthy ? "ok" : "unavailable"],
                    failing: healthy ? nil : ["database"]
                ),
                status: healthy ? .ok : .serviceUnavailable
            )
        }
    }
}
