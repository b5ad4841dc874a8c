import Foundation
import GatewayPersistence
import GatewayPostgres
import GatewayTestSupport
import Testing

@Suite struct PostgresMigrationTests {
    @Test func migratingAppliesEveryMigrationOnceAndRecordsItsChecksum() async throws {
        let settings = try makePostgresDatabase()
        try await withPostgresStore(settings, migrated: false) { store in
            let migrator = PostgresMigrator.embedded
            await #expect(throws: StoreError.self) { try await migrator.verify(store) }
            let applied = try await migrator.migrate(store)
            #expect(applied == migrator.migrator.migrations.map(\.identifier))
            #expect(try await migrator.migrate(store).isEmpty)
            try await migrator.verify(store)
            let status = try await migrator.status(store)
            #expect(status.count == migrator.migrator.migrations.count)
            #expect(status.allSatisfy { $0.appliedAt != nil && $0.problem == nil })
        }
    }

    @Test func replicasMigratingAtOnceApplyEachMigrationOnce() async throws {
        let settings = try makePostgresDatabase()
        // Four clients of their own, as four replicas starting together.
        let applied = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<4 {
                group.addTask { try await withPostgresStore(settings, migrated: false) { try await PostgresMigrator.embedded.migrate($0) } }
            }
            return try await group.reduce(into: [[String]]()) { $0.append($1) }
        }
        let all = PostgresMigrator.embedded.migrator.migrations.map(\.identifier)
        #expect(applied.filter { !$0.isEmpty } == [all])
        let server = try PostgresTestServer.shared()
        let database = try #require(settings.database)
        let rows = try server.psql("SELECT identifier FROM schema_migrations ORDER BY identifier", database: database)
        #expect(rows.split(separator: "\n").map(String.init) == all)
    }

    @Test func anEditedShippedMigrationStopsTheRun() async throws {
        let settings = try makePostgresDatabase()
        try await withPostgresStore(settings) { store in
            let shipped = PostgresMigrator.embedded.migrator.migrations
            var files = shipped.map { (name: $0.identifier + ".sql", contents: $0.sql) }
            files[0].contents += "\n-- edited\n"
            let edited = PostgresMigrator(migrator: try Migrator(files: files))
            let error = await #expect(throws: StoreError.self) { try await edited.migrate(store) }
            #expect(error?.code == .migrationChanged)
            await #expect(throws: StoreError.self) { try await edited.verify(store) }
        }
    }

    @Test func aFailingMigrationIsRolledBackAndNamed() async throws {
        let settings = try makePostgresDatabase()
        try await withPostgresStore(settings, migrated: false) { store in
            let broken = PostgresMigrator(
                migrator: try Migrator(files: [
                    (name: "0001_first.sql", contents: "CREATE TABLE kept (id BIGINT);"),
                    (name: "0002_broken.sql", contents: "CREATE TABLE half (id BIGINT);\nSELECT * FROM no_such_table;"),
                ])
            )
            let error = await #expect(throws: StoreError.self) { try await broken.migrate(store) }
            #expect(error?.code == .migrationFailed)
            #expect(error?.message.contains("0002_broken") == true)
            let server = try PostgresTestServer.shared()
            let database = try #require(settings.database)
            #expect(try server.psql("SELECT to_regclass('kept') IS NOT NULL, to_regclass('half') IS NULL", database: database) == "t|t\n")
            let status = try await broken.status(store)
            #expect(status.map { $0.appliedAt != nil } == [true, false])
        }
    }

    /// The shipped PostgreSQL migrations are recorded in `migrations/postgres/shipped.sha256`: each
    /// recorded file must still exist unchanged, and every file must be recorded.
    @Test func thePostgresMigrationListOnlyGrows() throws {
        let lockFile = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "migrations/postgres/shipped.sha256")
        let shipped = try String(contentsOf: lockFile, encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
            .map { line -> (String, String) in
                let parts = line.split(separator: " ", omittingEmptySubsequences: true)
                return (String(parts[1]), String(parts[0]))
            }
        let embedded = PostgresMigrator.embedded.migrator.migrations
        #expect(!shipped.isEmpty)
        for (file, checksum) in shipped {
            let migration = embedded.first { $0.identifier + ".sql" == file }
            #expect(migration != nil, "shipped migration \(file) was removed")
            #expect(migration?.checksum == checksum, "shipped migration \(file) was changed")
        }
        #expect(embedded.map { $0.identifier + ".sql" } == shipped.map(\.0), "record new migrations in shipped.sha256")
    }
}
