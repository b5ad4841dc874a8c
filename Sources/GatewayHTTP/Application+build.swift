import Foundation
import GatewayCore
import GatewayPersistence
import Hummingbird
import Logging

/// Opens the database, applies or checks migrations, and builds the gateway application.
///
/// - Throws: ``StoreError`` when the database cannot be opened, a shipped migration was
///   changed, or the database is newer than the binary. Start-up stops with that message.
public func buildApplication(
    configuration: GatewayConfiguration,
    logger: Logger
) async throws -> some ApplicationProtocol {
    let database = try GatewayDatabase.open(at: configuration.database.path, logger: logger)
    if configuration.database.migrateOnStart {
        let applied = try database.migrate()
        if !applied.isEmpty {
            logger.info("applied migrations", metadata: ["gateway.migrations": .array(applied.map { .string($0) })])
        }
    } else {
        try Migrator.embedded.verify(database.writer)
    }
    return try await buildApplication(configuration: configuration, database: database, logger: logger)
}

/// Builds the gateway application over an open, migrated database: the composition root.
///
/// Creates every piece once (the repositories, the project catalog, the templates, the access
/// control, the audit trail, the relay and status sync, the embedded cluster) and hands each
/// only what it needs.
///
/// - Throws: ``GatewayConfigurationError`` when the legacy API's configuration or one of its
///   files (projects, templates, tokens) is invalid.
public func buildApplication(
    configuration: GatewayConfiguration,
    database: GatewayDatabase,
    logger: Logger
) async throws -> some ApplicationProtocol {
    let settings = configuration.legacy
    try settings.validate()
    let repositories = GatewayRepositories.sqlite(database)
    let catalog = try await ProjectCatalog.load(configuration: settings, repository: repositories.projects, logger: logger)
    let templates = try settings.templatesFile.map { try TemplateStore(path: $0, logger: logger) }
    let accessControl = try LegacyAccessControl(
        authentication: settings.authentication,
        namespaceOfProject: { project in await catalog.namespace(of: project) },
        logger: logger
    )
    await accessControl.prepare()
    // The gateway's own client reaches its embedded API with a token only it knows.
    let internalToken = accessControl.requiresToken ? InternalToken.generate() : nil
    let sync = ClusterSync(
        mode: configuration.cluster.mode,
        listenerHost: configuration.http.host,
        internalToken: internalToken,
        sync: configuration.sync,
        apiVersion: settings.translation.apiVersion.rawValue,
        workloads: repositories.workloads,
        outbox: repositories.outbox,
        changes: database.changes,
        logger: logger
    )
    let cluster =
        configuration.cluster.servesEmbeddedCluster
        ? EmbeddedClusterMount(
            configuration: configuration.cluster,
            database: database,
            access: .gateway(accessControl, internalToken: internalToken),
            logger: logger
        ) : nil
    let legacy = LegacyAPI(
        configuration: settings,
        accessControl: accessControl,
        audit: AuditTrail(repository: repositories.auditLog, flushInterval: settings.auditFlushInterval, logger: logger),
        catalog: catalog,
        signals: DeprecationSignals(
            configuration: settings.deprecation,
            groupVersion: settings.translation.apiVersion.rawValue,
            fallbackBaseURL: "http://\(configuration.http.host):\(configuration.http.port)"
        ),
        templates: templates,
        workloads: repositories.workloads,
        pollCache: PollCache(feed: database.changes),
        submission: SubmitWorkload(
            workloads: repositories.workloads,
            idempotency: repositories.idempotency,
            catalog: catalog,
            options: settings.translation,
            firstPush: sync.firstPush
        ),
        deletion: DeleteWorkload(workloads: repositories.workloads, catalog: catalog)
    )
    let router = buildRouter(database: database, cluster: cluster, legacy: legacy)
    let renderer = EarlyAnswerRenderer(signals: legacy.signals, servesKubernetes: cluster != nil)
    return Application(
        router: router,
        server: .boundedHTTP1(configuration.http.bounds(renderer: renderer)),
        configuration: .init(
            address: .hostname(configuration.http.host, port: configuration.http.port),
            serverName: "inference-gateway"
        ),
        services: (cluster?.services ?? []) + [legacy.audit] + sync.services,
        onServerRunning: { channel in await sync.listener.serverRunning(channel) },
        logger: logger
    )
}

/// The gateway's routes.
func buildRouter(
    database: GatewayDatabase,
    cluster: EmbeddedClusterMount? = nil,
    legacy: LegacyAPI? = nil
) -> Router<GatewayRequestContext> {
    let router = Router(context: GatewayRequestContext.self)
    // The embedded Kubernetes API first, so the legacy API's middleware does not wrap it.
    cluster?.addRoutes(to: router)
    legacy?.addRoutes(to: router)
    HealthController(database: database).addRoutes(to: router)
    ReadinessController(checks: [.storage(database)]).addRoutes(to: router)
    return router
}
