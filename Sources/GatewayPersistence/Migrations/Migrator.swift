import Foundation
import GRDB
import GatewayCore

/// Applies the SQL migrations in order, each in its own transaction, and records each one with
/// its checksum in `schema_migrations`.
///
/// It refuses to go on when a recorded migration's checksum differs from the shipped file
/// (someone edited a shipped migration) or when the database records a migration this binary
/// does not have (the database is newer than the binary).
public struct Migrator: Sendable {
    /// The migrations, ordered by number.
    public let migrations: [Migration]

    /// The migrations embedded in the binary from the top-level `migrations/` folder.
    public static let embedded: Migrator = {
        do {
            return try Migrator(files: EmbeddedMigrations.files)
        } catch {
            preconditionFailure("the embedded migrations are invalid: \(error)")
        }
    }()

    /// Creates a migrator from `(file name, SQL)` pairs.
    /// - Throws: ``StoreError`` for an invalid file name or two files with one number.
    public init(files: [(name: String, contents: String)]) throws {
        let migrations = try files.map { try Migration(fileName: $0.name, sql: $0.contents) }
            .sorted { $0.identifier < $1.identifier }
        for (previous, next) in zip(migrations, migrations.dropFirst()) where previous.number == next.number {
            throw StoreError(
                .migrationInvalid,
                "migrations \(previous.identifier) and \(next.identifier) share the number \(next.number)"
            )
        }
        self.migrations = migrations
    }

    /// Where each migration stands in a database.
    public struct Status: Sendable, Equatable {
        /// The migration identifier.
        public var identifier: String
        /// When it was applied, or `nil` if pending.
        public var appliedAt: Date?
        /// A short description of any problem (edited, unknown to this binary).
        public var problem: String?

        /// Creates a status row (what another engine's migrator reports).
        public init(identifier: String, appliedAt: Date?, problem: String?) {
            self.identifier = identifier
            self.appliedAt = appliedAt
            self.problem = problem
        }
    }

    /// The status of every known migration, and of recorded migrations this binary lacks.
    public func status(_ reader: any DatabaseReader) throws -> [Status] {
        let recorded = try reader.read { db in try Self.recorded(db) }
        var rows = migrations.map { migration -> Status in
            guard let record = recorded[migration.identifier] else {
                return Status(identifier: migration.identifier, appliedAt: nil, problem: nil)
            }
            let problem = record.checksum == migration.checksum ? nil : "changed after it was applied"
            return Status(identifier: migration.identifier, appliedAt: record.appliedAt, problem: problem)
        }
        let known = Set(migrations.map(\.identifier))
        for (identifier, record) in recorded.sorted(by: { $0.key < $1.key }) where !known.contains(identifier) {
            rows.append(Status(identifier: identifier, appliedAt: record.appliedAt, problem: "unknown to this binary"))
        }
        return rows
    }

    /// Checks that the database agrees with the shipped migrations and that none is pending.
    /// - Throws: ``StoreError`` (`migrationChanged`, `migrationUnknown` or `migrationsPending`).
    public func verify(_ reader: any DatabaseReader) throws {
        let recorded = try reader.read { db in try Self.recorded(db) }
        try check(recorded)
        let pending = migrations.filter { recorded[$0.identifier] == nil }.map(\.identifier)
        if !pending.isEmpty {
            throw StoreError(
                .migrationsPending,
                "the database needs migrations \(pending.joined(separator: ", ")); run `inference-gateway migrate`"
            )
        }
    }

    /// Applies every pending migration, each in its own `BEGIN IMMEDIATE` transaction.
    /// - Returns: the identifiers applied.
    /// - Throws: ``StoreError``; a failed migration is rolled back and stops the run.
    @discardableResult
    public func migrate(_ writer: any DatabaseWriter) throws -> [String] {
        var applied: [String] = []
        for migration in migrations {
            let didApply = try writer.write { db -> Bool in
                try Self.createTable(db)
                let recorded = try Self.recorded(db)
                try check(recorded)
                guard recorded[migration.identifier] == nil else { return false }
                do {
                    try db.execute(sql: migration.sql)
                } catch {
                    throw StoreError(
                        .migrationFailed,
                        "migration \(migration.identifier) failed and was rolled back: \(describe(error))"
                    )
                }
                try db.execute(
                    sql: "INSERT INTO schema_migrations (identifier, checksum, applied_at) VALUES (?, ?, ?)",
                    arguments: [migration.identifier, migration.checksum, Date().millisecondsSince1970]
                )
                return true
            }
            if didApply { applied.append(migration.identifier) }
        }
        return applied
    }

    private func check(_ recorded: [String: Recorded]) throws {
        try check(checksums: recorded.mapValues(\.checksum))
    }

    /// Checks the migrations a database records (identifier to checksum) against the shipped ones,
    /// whichever engine holds them.
    /// - Throws: ``StoreError`` with code `migrationUnknown` for a recorded migration this binary
    ///   lacks, `migrationChanged` for one whose checksum differs from the shipped file.
    public func check(checksums recorded: [String: String]) throws {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.identifier, $0) })
        for (identifier, checksum) in recorded.sorted(by: { $0.key < $1.key }) {
            guard let migration = known[identifier] else {
                throw StoreError(
                    .migrationUnknown,
                    "the database has migration \(identifier), which this binary does not know: "
                        + "the database is newer than the binary; run a newer inference-gateway"
                )
            }
            guard migration.checksum == checksum else {
                throw StoreError(
                    .migrationChanged,
                    "migration \(identifier) was changed after it was applied (checksum "
                        + "\(checksum.prefix(12)) in the database, \(migration.checksum.prefix(12)) shipped); "
                        + "shipped migrations must never change: add a new migration instead"
                )
            }
        }
    }

    private struct Recorded {
        var checksum: String
        var appliedAt: Date
    }

    private static func createTable(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    identifier TEXT PRIMARY KEY NOT NULL,
                    checksum   TEXT NOT NULL,
                    applied_at INTEGER NOT NULL
                ) STRICT
                """
        )
    }

    private static func recorded(_ db: Database) throws -> [String: Recorded] {
        guard try db.tableExists("schema_migrations") else { return [:] }
        var result: [String: Recorded] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT identifier, checksum, applied_at FROM schema_migrations") {
            result[row["identifier"]] = Recorded(
                checksum: row["checksum"],
                appliedAt: Date(millisecondsSince1970: row["applied_at"])
            )
        }
        return result
    }
}
