import Foundation
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

/// Builds the gateway application over an open, migrated database.
///
/// - Throws: ``GatewayConfigurationError`` when the legacy API's configuration or one of its
///   files (projects, tokens) is invalid.
public func buildApplication(
    configuration: GatewayConfiguration,
    database: GatewayDatabase,
    logger: Logger
) async throws -> some ApplicationProtocol {
    var legacy = try await LegacyAPI.make(configuration: configuration, database: database, logger: logger)
    // The gateway's own client reaches its embedded API with a token only it knows.
    let internalToken = legacy.accessControl.requiresToken ? InternalToken.generate() : nil
    let push = PushPath(configuration: configuration, database: database, internalToken: internalToken, logger: logger)
    legacy.push = push
    let cluster = EmbeddedClusterMount(
        configuration: configuration, database: database, accessControl: legacy.accessControl,
        internalToken: internalToken, logger: logger
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
        services: (cluster?.services ?? []) + [legacy.audit] + push.services,
        onServerRunning: { channel in await push.listener.serverRunning(channel) },
        logger: logger
    )
}

/// The gateway's routes.
func buildRouter(
    database: GatewayDatabase, cluster: EmbeddedClusterMount? = nil, legacy: LegacyAPI? = nil
) -> Router<GatewayRequestContext> {
    let router = Router(context: GatewayRequestContext.self)
    // The embedded Kubernetes API first, so the legacy API's middleware does not wrap it.
    cluster?.addRoutes(to: router)
    legacy?.addRoutes(to: router)
    HealthController(database: database).addRoutes(to: router)
    ReadinessController(checks: [.storage(database)]).addRoutes(to: router)
    return router
}
