import Foundation
import GatewayCore
import GatewayPersistence
import Hummingbird
import Logging

/// The legacy Researcher REST API: its routes at the root and under `/researcher`, and the
/// middleware every legacy call passes through.
///
/// Around every legacy route (and every unknown legacy path), outermost first: the request id,
/// the deprecation headers, the audit log, the legacy error body, authentication, the body limit.
struct LegacyAPI: Sendable {
    let configuration: LegacyAPIConfiguration
    let database: GatewayDatabase
    /// Who may call, and where: shared with the embedded Kubernetes API.
    let accessControl: LegacyAccessControl
    /// The audit log writer, a service of the application.
    let audit: AuditTrail
    let catalog: ProjectCatalog
    let signals: DeprecationSignals
    /// The push path: rung after writes, and heard by submits waiting for their first push.
    var push: PushPath?
    /// The templates file's job templates, when one is configured.
    var templates: TemplateStore?

    /// Reads the projects, templates and tokens files, stores the configured projects, and prepares the routes.
    /// - Throws: ``GatewayConfigurationError`` for an invalid configuration or file; start-up stops.
    static func make(configuration: GatewayConfiguration, database: GatewayDatabase, logger: Logger) async throws -> LegacyAPI {
        let legacy = configuration.legacy
        try legacy.validate()
        let projects = SQLiteProjectRepository(database: database)
        var configured: Set<String>?
        if let file = legacy.projectsFile {
            let list = try ProjectsFile.load(path: file, defaultNamespace: legacy.translation.namespace(for:))
            try await keepCreationDates(of: list, in: projects)
            configured = Set(list.map(\.name))
            logger.info("projects configured", metadata: ["gateway.projects": .array(list.map { .string($0.name) })])
        }
        let catalog = ProjectCatalog(repository: projects, configured: configured, options: legacy.translation)
        let templates = try legacy.templatesFile.map { try TemplateStore(path: $0, logger: logger) }
        let accessControl = try LegacyAccessControl(
            authentication: legacy.authentication,
            namespaceOfProject: { project in await catalog.namespace(of: project) },
            logger: logger
        )
        await accessControl.prepare()
        return LegacyAPI(
            configuration: legacy,
            database: database,
            accessControl: accessControl,
            audit: AuditTrail(
                repository: SQLiteAuditLogRepository(database: database), flushInterval: legacy.auditFlushInterval, logger: logger
            ),
            catalog: catalog,
            signals: DeprecationSignals(
                configuration: legacy.deprecation,
                groupVersion: legacy.translation.apiVersion.rawValue,
                fallbackBaseURL: "http://\(configuration.http.host):\(configuration.http.port)"
            ),
            templates: templates
        )
    }

    /// Upserts configured projects, keeping the creation date of those already stored.
    private static func keepCreationDates(of list: [Project], in repository: some ProjectRepository) async throws {
        var upserts: [Project] = []
        for var project in list {
            if let stored = try await repository.find(name: project.name) {
                project.createdAt = stored.createdAt
            }
            upserts.append(project)
        }
        try await repository.upsert(upserts)
    }

    /// Adds the middleware and the legacy routes (and `GET /openapi.yaml`) to `router`.
    func addRoutes(to router: Router<GatewayRequestContext>) {
        router.add(middleware: RequestIDMiddleware())
        router.add(
            middleware: LegacyOnlyMiddleware {
                DeprecationHeadersMiddleware(signals: signals)
                AuditMiddleware(trail: audit)
                LegacyErrorMiddleware()
                LegacyAuthMiddleware(accessControl: accessControl)
                BodyLimitMiddleware(limit: configuration.maximumBodySize)
            }
        )

        let workloads = SQLiteWorkloadRepository(database: database)
        let submit = LegacySubmitController(
            workloads: workloads,
            idempotency: SQLiteIdempotencyRepository(database: database),
            catalog: catalog,
            options: configuration.translation,
            maximumBodySize: configuration.maximumBodySize,
            push: push,
            templates: templates
        )
        let query = LegacyJobQueryController(
            workloads: workloads, catalog: catalog, cache: PollCache(changes: database.workloadChanges)
        )
        let delete = LegacyDeleteController(
            workloads: workloads, catalog: catalog, maximumBodySize: configuration.maximumBodySize, push: push
        )
        let info = LegacyInfoController(catalog: catalog)
        for prefix in LegacyRoutes.prefixes {
            submit.addRoutes(to: router, prefix: prefix)
            query.addRoutes(to: router, prefix: prefix)
            delete.addRoutes(to: router, prefix: prefix)
            info.addRoutes(to: router, prefix: prefix)
        }
        OpenAPIController().addRoutes(to: router)
    }
}
