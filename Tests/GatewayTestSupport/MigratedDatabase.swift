import GatewayPersistence

/// A migrated in-memory database.
public func makeMigratedDatabase() throws -> GatewayDatabase {
    let database = try GatewayDatabase.inMemory()
    try database.migrate()
    return database
}
