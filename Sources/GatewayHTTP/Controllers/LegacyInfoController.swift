import GatewayCore
import Hummingbird

/// `GET /api/v1/projects` (`{"data": [Project]}`, the projects the caller may touch) and
/// `GET /api/v1/version` (`{"data": VersionInfo}`).
struct LegacyInfoController: Sendable {
    let catalog: ProjectCatalog

    func addRoutes(to router: Router<GatewayRequestContext>, prefix: String) {
        func path(_ relative: String) -> RouterPath {
            RouterPath(prefix.isEmpty ? relative : "\(prefix)/\(relative)")
        }
        router.get(path("api/v1/projects")) { _, context -> Response in
            let principal = try context.requirePrincipal()
            let projects = try await catalog.visible(to: principal)
            return try JSONResponse.make(LegacyDataResponse(data: projects.map(ProjectView.init(project:))))
        }
        router.get(path("api/v1/version")) { _, context -> Response in
            _ = try context.requirePrincipal()
            return try JSONResponse.make(LegacyDataResponse(data: VersionInfo.emulated))
        }
    }
}
