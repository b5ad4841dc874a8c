import Foundation
import GatewayPersistence
import Hummingbird

/// `GET /healthz`: 200 while the database answers, 503 otherwise.
struct HealthController<Context: RequestContext>: Sendable {
    let database: GatewayDatabase

    /// The body of a health answer.
    struct Health: ResponseEncodable {
        var status: String
        var version: String
    }

    func addRoutes(to router: Router<Context>) {
        router.get("healthz") { _, _ -> Response in
            let healthy = await database.isHealthy()
            var response = try JSONResponse.make(
                Health(status: healthy ? "ok" : "unavailable", version: GatewayVersionInfo.version)
            )
            response.status = healthy ? .ok : .serviceUnavailable
            return response
        }
    }
}
