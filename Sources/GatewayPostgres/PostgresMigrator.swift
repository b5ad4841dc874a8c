import Foundation
import GatewayCore
import GatewayPersistence
import PostgresNIO

/// Applies the PostgreSQL migrations (`migrations/postgres/`) with the ``Migrator``'s rules: in
/// order, each in its own transaction, recorded with its checksum in `schema_migrations`; a
/// recorded migration that was edited or that this binary lacks stops the run.
///
/// The whole run holds a session-level `pg_advisory_lock`, so replicas starting together migrate
/// once: the first applies, the others wait and then find nothing pending.
public struct PostgresMigrator: Sendable {
    /// The migrations and their checksums.
    public let migrator: Migrator

    /// The advisory lock key every replica takes before it migrates (`'inference-gateway'` as bytes).
    public static let lockKey: Int64 = 0x696e_6665_7265_6e63

    /// The migrations embedded in the binary from `migrations/postgres/`.
    public static let embedded: PostgresMigrator = {
        do {
            return PostgresMigrator(migrator: try Migrator(files: EmbeddedPostgresMigrations.files))
        } catch {
            preconditionFailure("the embedded PostgreSQL migrations are invalid: \(error)")
        }
    }()

    /// Creates a migrator over `migrator`'s migrations.
    public init(migrator: Migrator) {
        self.migrator = migrator
    }

    /// Applies every pending migration, holding the advisory lock.
    /// - Returns: the identifiers applied (none when another replica applied them first).
    /// - Throws: ``StoreError``; a failed migration is rolled back and stops the run.
    @discardableResult
    public func migrate(_ store: PostgresStore) async throws -> [String] {
        try await store.client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: PostgresStore.quiet).collect()
            do {
                let applied = try await apply(on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: PostgresStore.quiet).collect()
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: PostgresStore.quiet).collect()
                throw error
            }
        }
    }

    private func apply(on connection: PostgresConnection) async throws -> [String] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                identifier TEXT PRIMARY KEY,
                checksum   TEXT NOT NULL,
                applied_at BIGINT NOT NULL
            )
            """,
            logger: PostgresStore.quiet
        ).collect()
        var applied: [String] = []
        for migration in migrator.migrations {
            let recorded = try await Self.recorded(connection)
            try migrator.check(checksums: recorded.mapValues(\.checksum))
            guard recorded[migration.identifier] == nil else { continue }
            do {
                try await connection.withTransaction(logger: PostgresStore.quiet) { connection in
                    for statement in SQLStatements.split(migration.sql) {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: PostgresStore.quiet).collect()
                    }
                    try await connection.query(
                        """
                        INSERT INTO schema_migrations (identifier, checksum, applied_at)
                        VALUES (\(migration.identifier), \(migration.checksum), \(Date().millisecondsSince1970))
                        """,
                        logger: PostgresStore.quiet
                    ).collect()
                }
            } catch let error as PostgresTransactionError {
                let cause = error.closureError ?? error.commitError ?? error.beginError ?? error
                throw StoreError(
                    .migrationFailed,
                    "migration \(migration.identifier) failed and was rolled back: \(Self.describe(cause))"
                )
            }
            applied.append(migration.identifier)
        }
        return applied
    }

    /// Checks that the database agrees with the shipped migrations and that none is pending.
    /// - Throws: ``StoreError`` (`migrationChanged`, `migrationUnknown` or `migrationsPending`).
    public func verify(_ store: PostgresStore) async throws {
        let recorded = try await store.read { connection in try await Self.recorded(connection) }
        try migrator.check(checksums: recorded.mapValues(\.checksum))
        let pending = migrator.migrations.filter { recorded[$0.identifier] == nil }.map(\.identifier)
        if !pending.isEmpty {
            throw StoreError(
                .migrationsPending,
                "the database needs migrations \(pending.joined(separator: ", ")); run `inference-gateway migrate`"
            )
        }
    }

    /// The status of every known migration, and of recorded migrations this binary lacks.
    public func status(_ store: PostgresStore) async throws -> [Migrator.Status] {
        let recorded = try await store.read { connection in try await Self.recorded(connection) }
        var rows = migrator.migrations.map { migration -> Migrator.Status in
            guard let record = recorded[migration.identifier] else {
                return Migrator.Status(identifier: migration.identifier, appliedAt: nil, problem: nil)
            }
            let problem = record.checksum == migration.checksum ? nil : "changed after it was applied"
            return Migrator.Status(identifier: migration.identifier, appliedAt: record.appliedAt, problem: problem)
        }
        let known = Set(migrator.migrations.map(\.identifier))
        for (identifier, record) in recorded.sorted(by: { $0.key < $1.key }) where !known.contains(identifier) {
            rows.append(Migrator.Status(identifier: identifier, appliedAt: record.appliedAt, problem: "unknown to this binary"))
        }
        return rows
    }

    private struct Recorded: Sendable {
        var checksum: String
        var appliedAt: Date
    }

    private static func recorded(_ connection: PostgresConnection) async throws -> [String: Recorded] {
        let exists = try await connection.query(
            "SELECT to_regclass('schema_migrations') IS NOT NULL",
            logger: PostgresStore.quiet
        ).collect()
        guard try exists.first?.decode(Bool.self) == true else { return [:] }
        var result: [String: Recorded] = [:]
        let rows = try await connection.query(
            "SELECT identifier, checksum, applied_at FROM schema_migrations",
            logger: PostgresStore.quiet
        ).collect()
        for row in rows {
            let (identifier, checksum, appliedAt) = try row.decode((String, String, Int64).self)
            result[identifier] = Recorded(checksum: checksum, appliedAt: Date(millisecondsSince1970: appliedAt))
        }
        return result
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError, let message = error.serverInfo?[.message] {
            return message
        }
        return String(describing: error)
    }
}
