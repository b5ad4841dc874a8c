import Foundation
import GatewayPersistence
import Logging
import NIOSSL
import PostgresNIO

/// The gateway's shared state on a PostgreSQL server: the connection pool, the change feed that
/// follows every replica's commits through `LISTEN`/`NOTIFY`, and the transactions the
/// repositories write through.
///
/// Every transaction that changes what the change feed announces sends its `NOTIFY` inside the
/// transaction, so that PostgreSQL delivers it to every listening replica exactly when the
/// transaction commits (and never when it rolls back).
///
/// ``open(_:logger:)`` starts the pool and the feed's listener in the background; ``shutDown()``
/// (or the ``PostgresStoreService`` the application runs) stops them.
public final class PostgresStore: Sendable {
    /// The channel every replica listens on and every announcing transaction notifies.
    public static let channel = "inference_gateway_changes"

    /// The connection pool.
    public let client: PostgresClient
    /// Moves once a transaction of any replica committed.
    public let changes: PostgresChangeFeed
    let logger: Logger
    private let tasks: [Task<Void, Never>]

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        let changes = PostgresChangeFeed()
        self.changes = changes
        let run = Task { await client.run() }
        let listen = Task { await changes.follow(client, logger: logger) }
        self.tasks = [run, listen]
    }

    /// Opens a pool on `settings` and starts following the change feed; no connection is made yet.
    /// - Throws: ``StoreError`` with code `cannotOpen` when the CA file cannot be read.
    public static func open(_ settings: PostgresConnectionSettings, logger: Logger) throws -> PostgresStore {
        PostgresStore(client: PostgresClient(configuration: try settings.clientConfiguration(), backgroundLogger: logger), logger: logger)
    }

    /// Stops the feed's listener and closes the pool's connections.
    public func shutDown() async {
        for task in tasks.reversed() {
            task.cancel()
            await task.value
        }
    }

    /// Whether the server answers a trivial query within five seconds.
    public func isHealthy() async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { [client] in
                (try? await client.query("SELECT 1", logger: Self.quiet).collect()) != nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(5))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    static let quiet = Logger(label: "inference-gateway.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `body` in one transaction; once it committed, announces what `body` declared through
    /// ``PostgresTransaction/announce(_:)`` (the `NOTIFY` went out in the transaction itself).
    /// - Throws: what `body` threw (the transaction rolled back), or ``StoreError`` for a
    ///   failed commit.
    func write<Value: Sendable>(_ body: @Sendable (PostgresTransaction) async throws -> Value) async throws -> Value {
        let transaction = PostgresTransaction()
        let value: Value
        do {
            value = try await client.withTransaction(logger: Self.quiet) { connection in
                transaction.connection = connection
                defer { transaction.connection = nil }
                let value = try await body(transaction)
                let announced = transaction.announced
                if !announced.isEmpty {
                    try await connection.query(
                        "SELECT pg_notify(\(Self.channel), \(PostgresChangeFeed.payload(announced)))",
                        logger: Self.quiet
                    )
                }
                return value
            }
        } catch let error as PostgresTransactionError {
            throw Self.unwrap(error)
        }
        changes.committed(transaction.announced)
        return value
    }

    /// Runs `body` on a pooled connection, outside an explicit transaction (reads).
    func read<Value: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Value) async throws -> Value {
        try await client.withConnection { connection in try await body(connection) }
    }

    private static func unwrap(_ error: PostgresTransactionError) -> any Error {
        if let closure = error.closureError { return closure }
        if let commit = error.commitError { return commit }
        if let begin = error.beginError { return begin }
        return error
    }
}

/// One transaction of ``PostgresStore/write(_:)``: its connection, and what it announces once committed.
final class PostgresTransaction: @unchecked Sendable {
    // Used by one task at a time: the body of the transaction that made it.
    fileprivate(set) var connection: PostgresConnection?
    fileprivate(set) var announced: StoreChanges = []

    /// Declares that this transaction changed what `changes` covers.
    func announce(_ changes: StoreChanges) {
        announced.formUnion(changes)
    }

    /// Runs a statement in the transaction and returns its rows.
    @discardableResult
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        guard let connection else { preconditionFailure("a transaction's statement ran after it ended") }
        return try await connection.query(query, logger: PostgresStore.quiet).collect()
    }
}

extension PSQLError {
    /// The server's SQLSTATE for a server error (`23505`, …).
    var sqlState: String? { serverInfo?[.sqlState] }
}

extension PostgresConnectionSettings {
    /// The pool's configuration.
    /// - Throws: ``StoreError`` with code `cannotOpen` when the CA file cannot be read.
    func clientConfiguration() throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: username, password: password, database: database)
        case .tcp(let host, let port):
            configuration = .init(host: host, port: port, username: username, password: password, database: database, tls: try clientTLS())
        }
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    private func clientTLS() throws -> PostgresClient.Configuration.TLS {
        switch tls {
        case .disable:
            return .disable
        case .require:
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            return .require(tls)
        case .verifyFull:
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .fullVerification
            if let rootCertificatePath {
                do {
                    tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(rootCertificatePath))
                } catch {
                    throw StoreError(.cannotOpen, "the CA file \(rootCertificatePath) holds no PEM certificate that can be read: \(error)")
                }
            }
            return .require(tls)
        }
    }
}
