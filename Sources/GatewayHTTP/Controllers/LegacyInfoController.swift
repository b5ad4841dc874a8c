import GatewayCore
import Hummingbird

/// `GET /api/v1/projects` (`{"data": [Project]}`, the projects the caller may touch) and
/// `GET /api/v1/version` (`{"data": VersionInfo}`).
struct LegacyInfoController: Sendable {
    let catalog: ProjectCatalog

    /// The ``LegacyEndpoint/listProjects`` and ``LegacyEndpoint/version`` rows, relative to a mount point.
    var endpoints: RouteCollection<GatewayRequestContext> {
        RouteCollection(context: GatewayRequestContext.self)
            .on(.listProjects) { _, context, _ in
                let principal = try context.requirePrincipal()
                let projects = try await catalog.visible(to: principal)
                return try JSONResponse.make(LegacyDataResponse(data: projects.map(ProjectView.init(project:))))
            }
            .on(.version) { _, context, _ in
                _ = try context.requirePrincipal()
                return try JSONResponse.make(LegacyDataResponse(data: VersionInfo.emulated))
            }
    }
}
