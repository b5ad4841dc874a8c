import Foundation
import GRDB
import GatewayTestSupport
import Testing

@testable import GatewayPersistence

@Suite struct MigrationTests {
    @Test func migrationsApplyToAnEmptyDatabaseAndReapplyingIsANoOp() throws {
        let database = try GatewayDatabase.inMemory()
        let applied = try database.migrate()
        #expect(applied == Migrator.embedded.migrations.map(\.identifier))
        #expect(applied.first == "0001_initial")
        let tables = try database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["audit_log", "idempotency_keys", "outbox", "projects", "schema_migrations", "workloads"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        #expect(try database.migrate().isEmpty)
        try Migrator.embedded.verify(database.writer)
    }

    @Test func anEditedMigrationIsRefused() throws {
        let database = try makeMigratedDatabase()
        let edited = try Migrator(
            files: Migrator.embedded.migrations.map { ($0.identifier + ".sql", $0.sql + "\n-- edited\n") }
        )
        let error = try #require(throws: StoreError.self) { try edited.migrate(database.writer) }
        #expect(error.code == .migrationChanged)
        #expect(error.message.contains("0001_initial"))
        #expect(throws: StoreError.self) { try edited.verify(database.writer) }
    }

    @Test func aDatabaseNewerThanTheBinaryIsRefused() throws {
        let database = try GatewayDatabase.inMemory()
        let newer = try Migrator(
            files: Migrator.embedded.migrations.map { ($0.identifier + ".sql", $0.sql) }
                + [("9999_from_the_future.sql", "CREATE TABLE future (id INTEGER);")]
        )
        try newer.migrate(database.writer)
        let error = try #require(throws: StoreError.self) { try database.migrate() }
        #expect(error.code == .migrationUnknown)
        #expect(error.message.contains("9999_from_the_future"))
        #expect(error.message.contains("newer"))
    }

    @Test func pendingMigrationsAreReportedWithoutBeingApplied() throws {
        let database = try GatewayDatabase.inMemory()
        let error = try #require(throws: StoreError.self) { try Migrator.embedded.verify(database.writer) }
        #expect(error.code == .migrationsPending)
        let status = try Migrator.embedded.status(database.writer)
        #expect(status.allSatisfy { $0.appliedAt == nil && $0.problem == nil })
    }

    @Test func aFailingMigrationIsRolledBackWhole() throws {
        let database = try GatewayDatabase.inMemory()
        let broken = try Migrator(files: [
            ("0001_good.sql", "CREATE TABLE good (id INTEGER);"),
            ("0002_broken.sql", "CREATE TABLE half (id INTEGER); INSERT INTO missing VALUES (1);"),
        ])
        let error = try #require(throws: StoreError.self) { try broken.migrate(database.writer) }
        #expect(error.code == .migrationFailed)
        let tables = try database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables.contains("good"))
        #expect(!tables.contains("half"))
        let status = try broken.status(database.writer)
        #expect(status.map { $0.appliedAt != nil } == [true, false])
    }

    @Test(arguments: ["1_initial.sql", "0001-initial.sql", "0001_Initial.sql", "0001_.sql", "0001_initial.txt"])
    func badlyNamedMigrationFilesAreRefused(name: String) {
        #expect(throws: StoreError.self) { try Migration(fileName: name, sql: "SELECT 1;") }
    }

    /// The shipped migrations are recorded in `migrations/shipped.sha256`: each recorded file
    /// must still exist unchanged, and every file must be recorded. The list only grows.
    @Test func theMigrationListOnlyGrows() throws {
        let lockFile = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "migrations/shipped.sha256")
        let lines = try String(contentsOf: lockFile, encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        let shipped = lines.map { line -> (String, String) in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            return (String(parts[1]), String(parts[0]))
        }
        let embedded = Migrator.embedded.migrations
        #expect(!shipped.isEmpty)
        for (file, checksum) in shipped {
            let migration = embedded.first { $0.identifier + ".sql" == file }
            #expect(migration != nil, "shipped migration \(file) was removed")
            #expect(migration?.checksum == checksum, "shipped migration \(file) was changed")
        }
        #expect(embedded.map { $0.identifier + ".sql" } == shipped.map(\.0), "record new migrations in shipped.sha256")
    }

    @Test func everyConnectionIsDurable() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try GatewayDatabase.open(at: directory.appending(path: "db/gateway.sqlite").path)
        try database.migrate()
        // The writer connection and a reader connection both carry the settings.
        let writerPragmas = try database.writer.writeWithoutTransaction { db in
            try ["journal_mode", "synchronous", "foreign_keys", "busy_timeout"].map {
                try String.fetchOne(db, sql: "PRAGMA \($0)")
            }
        }
        #expect(writerPragmas == ["wal", "2", "1", "5000"])
        #expect(try database.pragma("journal_mode") == "wal")
        #expect(try database.pragma("synchronous") == "2")
        #expect(try database.pragma("foreign_keys") == "1")
    }
}
