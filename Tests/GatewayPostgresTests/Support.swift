import Foundation
import GatewayPostgres
import GatewayTestSupport
import Logging

/// A fresh database on the tests' PostgreSQL server (``PostgresTestServer``).
func makePostgresDatabase() throws -> PostgresConnectionSettings {
    let server = try PostgresTestServer.shared()
    return try PostgresConnectionSettings.parse(url: server.url(database: server.createDatabase()))
}

/// Runs `body` with a store on `settings` (a fresh database when `nil`), migrated when `migrated`,
/// and shuts the store down after.
func withPostgresStore<Value: Sendable>(
    _ settings: PostgresConnectionSettings? = nil,
    migrated: Bool = true,
    _ body: (PostgresStore) async throws -> Value
) async throws -> Value {
    let store = try PostgresStore.open(try settings ?? makePostgresDatabase(), logger: Logger(label: "test"))
    do {
        if migrated { try await PostgresMigrator.embedded.migrate(store) }
        let value = try await body(store)
        await store.shutDown()
        return value
    } catch {
        await store.shutDown()
        throw error
    }
}

/// Waits until `condition` holds, polling every 10 ms for at most `seconds`; returns whether it held.
func eventually(within seconds: Double = 5, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}
