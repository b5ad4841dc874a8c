import Foundation
import GRDB
import Logging

/// The gateway's SQLite database: one file, WAL, durable commits.
///
/// Every connection runs with `journal_mode=WAL`, `synchronous=FULL`, a busy timeout and
/// `foreign_keys=ON`; GRDB opens write transactions with `BEGIN IMMEDIATE`. A write that
/// returned is on disk.
///
/// ```swift
/// let database = try GatewayDatabase.open(at: "data/gateway.sqlite")
/// try database.migrate()
/// ```
public struct GatewayDatabase: Sendable {
    /// The connection (a pool on disk, a queue in memory).
    public let writer: any DatabaseWriter
    /// The file path, or `nil` in memory.
    public let path: String?
    /// Batches concurrent acknowledged writes into shared transactions.
    public let committer: GroupCommitter
    /// Announces committed changes: of workloads, so readers can cache what they derive from
    /// them, and of the outbox's work, so the relay wakes. Moved by the database itself.
    public let changes: SQLiteChangeFeed
    /// Whether the storage takes writes: full after a write refused for lack of space, until one succeeds.
    public let storage: StorageHealth

    init(writer: any DatabaseWriter, path: String?, logger: Logger? = nil) {
        self.writer = writer
        self.path = path
        let directory = path.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        self.storage = StorageHealth(directory: directory, logger: logger)
        let changes = SQLiteChangeFeed()
        self.committer = GroupCommitter(writer: writer, storage: storage, changes: changes)
        self.changes = changes
    }

    /// How long a connection waits for a lock held by another before failing.
    public static let busyTimeout: TimeInterval = 5

    /// Opens (and creates if needed) the database file at `path`, creating its directory.
    /// - Parameter logger: where ``storage`` reports that the disk became full, and recovered.
    /// - Throws: ``StoreError`` when the file cannot be opened.
    public static func open(at path: String, logger: Logger? = nil) throws -> GatewayDatabase {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            let pool = try DatabasePool(path: url.path, configuration: configuration())
            // GRDB switches the writer to synchronous=NORMAL when it enables WAL, after
            // `prepareDatabase` ran: put FULL back, so every acknowledged commit is on disk.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            return GatewayDatabase(writer: pool, path: url.path, logger: logger)
        } catch {
            throw StoreError(.cannotOpen, "cannot open the database at \(url.path): \(describe(error))")
        }
    }

    /// An empty in-memory database, for unit tests.
    public static func inMemory(logger: Logger? = nil) throws -> GatewayDatabase {
        GatewayDatabase(writer: try DatabaseQueue(configuration: configuration()), path: nil, logger: logger)
    }

    /// The settings every connection gets.
    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    /// Applies the embedded migrations that are not applied yet.
    /// - Returns: the identifiers applied by this call.
    /// - Throws: ``StoreError`` when a shipped migration was changed or the database is newer.
    @discardableResult
    public func migrate(_ migrator: Migrator = .embedded) throws -> [String] {
        try migrator.migrate(writer)
    }

    /// Makes a consistent copy of the database at `destination` while others keep writing.
    ///
    /// Uses SQLite's online backup API; the copy is a plain database file.
    /// - Throws: ``StoreError`` when the destination exists or cannot be written.
    public func backup(to destination: String) throws {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw StoreError(.backupFailed, "the backup destination \(destination) already exists")
        }
        do {
            let url = URL(fileURLWithPath: destination)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            let target = try DatabaseQueue(path: destination, configuration: Self.configuration())
            try writer.backup(to: target)
            try target.close()
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw StoreError(.backupFailed, "backup to \(destination) failed: \(describe(error))")
        }
    }

    /// Whether the database answers a trivial query.
    ///
    /// Asynchronous on purpose: a blocking read on Swift's cooperative pool can starve the
    /// asynchronous reads that hold the pool's connections, and the gateway stops answering.
    public func isHealthy() async -> Bool {
        (try? await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    /// The value of a pragma, as text (`journal_mode`, `synchronous`, …). Blocking: for start-up,
    /// tools and tests, never for request handlers.
    public func pragma(_ name: String) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
    }
}

/// A readable description of a GRDB or system error, without GRDB types.
func describe(_ error: any Error) -> String {
    if let error = error as? DatabaseError {
        return error.message ?? "\(error.resultCode)"
    }
    return String(describing: error)
}
