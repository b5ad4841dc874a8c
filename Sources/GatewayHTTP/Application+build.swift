import Foundation
import GatewayCore
import GatewayPersistence
import Hummingbird
import Logging

/// Opens the database, applies or checks migrations, and builds the gateway application.
///
/// - Throws: ``StoreError`` when the database cannot be opened, a shipped migration was
///   changed, or the database is newer than the binary. Start-up stops with that message.
/// - Parameter readiness: turns `/readyz` to 503 when a graceful shutdown starts.
public func buildApplication(
    configuration: GatewayConfiguration,
    readiness: ReadinessSwitch = ReadinessSwitch(),
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
    return try await buildApplication(
        configuration: configuration,
        database: database,
        readiness: readiness,
        closesDatabase: true,
        logger: logger
    )
}

/// Builds the gateway application over an open, migrated database: the composition root.
///
/// Creates every piece once (the repositories, the project catalog, the templates, the access
/// control, the audit trail, the relay and status sync, the embedded cluster) and hands each
/// only what it needs.
///
/// - Parameter closesDatabase: whether a graceful shutdown checkpoints and closes `database` once
///   every other service stopped (the caller's database stays open otherwise).
/// - Throws: ``GatewayConfigurationError`` when the legacy API's configuration or one of its
///   files (projects, templates, tokens) is invalid.
public func buildApplication(
    configuration: GatewayConfiguration,
    database: GatewayDatabase,
    readiness: ReadinessSwitch = ReadinessSwitch(),
    closesDatabase: Bool = false,
    logger: Logger
) async throws -> some ApplicationProtocol {
    let settings = configuration.legacy
    try settings.validate()
    let metrics = GatewayMetrics(maximumClients: configuration.observability.metricsMaxClients, database: database, logger: logger)
    await database.committer.instrument(metrics.commit)
    let repositories = GatewayRepositories.sqlite(database)
    let catalog = try await ProjectCatalog.load(configuration: settings, repository: repositories.projects, logger: logger)
    let templates = try settings.templatesFile.map { try TemplateStore(path: $0, logger: logger) }
    let accessControl = try LegacyAccessControl(
        authentication: settings.authentication,
        namespaceOfProject: { project in await catalog.namespace(of: project) },
        logger: logger
    )
    await accessControl.prepare()
    if configuration.observability.metricsAuth == .token && !accessControl.requiresToken {
        throw GatewayConfigurationError(
            "\(GatewaySetting.metricsAuth.flag) token needs --auth tokens or oidc: without them the gateway accepts no token"
        )
    }
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
        pushMetrics: metrics.push,
        statusSyncMetrics: metrics.statusSync,
        logger: logger
    )
    // One submit and one delete use case, shared by the REST path and the legacy Kubernetes kinds.
    let submission = SubmitWorkload(
        workloads: repositories.workloads,
        idempotency: repositories.idempotency,
        catalog: catalog,
        options: settings.translation,
        firstPush: sync.firstPush,
        correlation: sync.correlation
    )
    let deletion = DeleteWorkload(workloads: repositories.workloads, catalog: catalog)
    // One audit writer, for the REST calls and the translated legacy Kubernetes writes alike.
    let audit = AuditTrail(repository: repositories.auditLog, flushInterval: settings.auditFlushInterval, logger: logger)
    let cluster = EmbeddedClusterMount(
        configuration: configuration.cluster,
        database: database,
        access: .gateway(accessControl, internalToken: internalToken),
        deprecation: settings.deprecation,
        legacy: LegacyKindsBridge.Dependencies(
            workloads: repositories.workloads,
            submission: submission,
            deletion: deletion,
            options: settings.translation,
            accessControl: accessControl,
            audit: audit
        ),
        frontOfCluster: !configuration.cluster.servesEmbeddedCluster,
        logger: logger
    )
    // In front of a real cluster: the legacy kinds from the records, everything else passed through.
    let front =
        configuration.cluster.servesEmbeddedCluster
        ? nil
        : KubernetesFront(local: cluster, passThrough: .cluster(configuration.cluster.mode, sync: configuration.sync, logger: logger))
    let legacy = LegacyAPI(
        configuration: settings,
        accessControl: accessControl,
        audit: audit,
        catalog: catalog,
        signals: DeprecationSignals(
            configuration: settings.deprecation,
            groupVersion: settings.translation.apiVersion.rawValue,
            fallbackBaseURL: "http://\(configuration.http.host):\(configuration.http.port)"
        ),
        templates: templates,
        workloads: repositories.workloads,
        pollCache: PollCache(feed: database.changes, metrics: metrics.pollCache),
        submission: submission,
        deletion: deletion,
        deprecatedCalls: metrics.deprecatedCalls,
        brownouts: try settings.brownoutsFile.map { try Brownouts(path: $0, logger: logger) },
        brownoutAnswers: BrownoutMetrics(factory: metrics.factory)
    )
    var metricsAuthorization: (@Sendable (String?) async -> Bool)?
    if configuration.observability.metricsAuth == .token {
        metricsAuthorization = { authorization in
            let principal = try? await accessControl.principal(authorization: authorization, displayUser: nil)
            return principal?.isAuthenticated == true
        }
    }
    let readinessChecks: [ReadinessCheck] = [
        .database(database), .migrations(database), .storage(database),
        .cluster(embedded: configuration.cluster.mode == .embedded, progress: sync.progress),
        .statusSync(sync.progress), .shutdown(readiness),
    ]
    let observability = Observability(metrics: metrics, metricsAuthorization: metricsAuthorization, readiness: readinessChecks)
    let router = buildRouter(
        database: database,
        cluster: front == nil ? cluster : nil,
        front: front,
        legacy: legacy,
        observability: observability
    )
    MigrationController(legacy: legacy, usage: repositories.legacyUsage).addRoutes(to: router)
    let pruner = RetentionPruner(
        configuration: configuration.retention,
        audit: repositories.auditLog,
        idempotency: repositories.idempotency,
        logger: logger
    )
    let renderer = EarlyAnswerRenderer(signals: legacy.signals, servesKubernetes: true)
    return Application(
        router: router,
        server: .boundedHTTP1(configuration.http.bounds(renderer: renderer)),
        configuration: .init(
            address: .hostname(configuration.http.host, port: configuration.http.port),
            serverName: "inference-gateway"
        ),
        // Shut down in reverse order: the listener, then the relay and status sync, the audit
        // trail, the embedded cluster, and last the database (when this application owns it).
        services: (closesDatabase ? [DatabaseShutdown(database: database, logger: logger)] : []) + cluster.services
            + [legacy.audit, pruner] + sync.services,
        onServerRunning: { channel in await sync.listener.serverRunning(channel) },
        logger: logger
    )
}

/// What the gateway shows operators: its metrics and its readiness checks.
struct Observability: Sendable {
    /// Rendered at `/metrics`; its route metrics wrap every route.
    var metrics: GatewayMetrics?
    /// Checks a scrape's `Authorization` when `--metrics-auth token`; `nil` when no token is needed.
    var metricsAuthorization: (@Sendable (String?) async -> Bool)?
    /// The checks `/readyz` runs.
    var readiness: [ReadinessCheck]
}

/// The gateway's routes.
func buildRouter(
    database: GatewayDatabase,
    cluster: EmbeddedClusterMount? = nil,
    front: KubernetesFront? = nil,
    legacy: LegacyAPI? = nil,
    observability: Observability? = nil
) -> Router<GatewayRequestContext> {
    let router = Router(context: GatewayRequestContext.self)
    // First, so that it times every route, the embedded Kubernetes API's included.
    if let metrics = observability?.metrics { router.add(middleware: MetricsMiddleware(routes: metrics.routes)) }
    // The embedded Kubernetes API first, so the legacy API's middleware does not wrap it.
    cluster?.addRoutes(to: router)
    front?.addRoutes(to: router)
    legacy?.addRoutes(to: router)
    HealthController(database: database).addRoutes(to: router)
    ReadinessController(checks: observability?.readiness ?? [.storage(database)]).addRoutes(to: router)
    if let metrics = observability?.metrics {
        MetricsController(metrics: metrics, authorize: observability?.metricsAuthorization).addRoutes(to: router)
    }
    return router
}
