import Foundation
import GatewayPersistence
import Hummingbird
import Logging

/// The request context of every gateway route.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    /// Creates a context for one request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}

/// Opens the database, applies or checks migrations, and builds the gateway application.
///
/// - Throws: ``StoreError`` when the database cannot be opened, a shipped migration was
///   changed, or the database is newer than the binary. Start-up stops with that message.
public func buildApplication(
    configuration: GatewayConfiguration,
    logger: Logger
) async throws -> some ApplicationProtocol {
    let database = try GatewayDatabase.open(at: configuration.database.path)
    if configuration.database.migrateOnStart {
        let applied = try database.migrate()
        if !applied.isEmpty {
            logger.info("applied migrations", metadata: ["gateway.migrations": .array(applied.map { .string($0) })])
        }
    } else {
        try Migrator.embedded.verify(database.writer)
    }
    return buildApplication(configuration: configuration, database: database, logger: logger)
}

/// Builds the gateway application over an open, migrated database.
public func buildApplication(
    configuration: GatewayConfiguration,
    database: GatewayDatabase,
    logger: Logger
) -> some ApplicationProtocol {
    let router = buildRouter(database: database)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.http.host, port: configuration.http.port),
            serverName: "inference-gateway"
        ),
        logger: logger
    )
}

/// The gateway's routes.
func buildRouter(database: GatewayDatabase) -> Router<GatewayRequestContext> {
    let router = Router(context: GatewayRequestContext.self)
    HealthController(database: database).addRoutes(to: router)
    return router
}
