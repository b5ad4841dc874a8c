import Foundation

/// Where and how the gateway reaches its PostgreSQL server: what `--database-url`,
/// `--database-password-file` and `--database-sslmode` say, parsed and checked. Pure: no I/O.
///
/// The URL is libpq's: `postgres://user:password@host:5432/database?sslmode=require`. A unix socket
/// is a `host` query parameter holding a directory (`postgres://gateway@/gateway?host=/run/postgresql`),
/// as libpq takes it; the socket there is `.s.PGSQL.<port>`.
public struct PostgresConnectionSettings: Sendable, Equatable {
    /// How the connection is encrypted, after libpq's `sslmode`.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS, without checking the server's certificate.
        case require
        /// TLS; the server's certificate must chain to the CA file (or the system's roots) and name the host.
        case verifyFull = "verify-full"
    }

    /// Where the server listens.
    public enum Endpoint: Sendable, Equatable {
        /// A TCP host and port.
        case tcp(host: String, port: Int)
        /// A unix socket's path.
        case unixSocket(path: String)
    }

    /// Where the server listens.
    public var endpoint: Endpoint
    /// The user to log in as.
    public var username: String
    /// The password, if any (from the URL or the password file).
    public var password: String?
    /// The database, if not the user's default.
    public var database: String?
    /// How the connection is encrypted.
    public var tls: TLSMode
    /// The CA certificates (PEM) the server's certificate must chain to with `verify-full`;
    /// `nil` uses the system's roots.
    public var rootCertificatePath: String?

    /// Creates settings.
    public init(
        endpoint: Endpoint,
        username: String,
        password: String? = nil,
        database: String? = nil,
        tls: TLSMode = .disable,
        rootCertificatePath: String? = nil
    ) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.rootCertificatePath = rootCertificatePath
    }

    /// Why a URL or option was refused; the message names the option and the rule, never the password.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, naming the option (`--database-url`, …) and the rule.
        public var message: String
        /// Creates an error.
        public init(_ message: String) { self.message = message }
        /// The message.
        public var description: String { message }
    }

    /// Parses a `postgres://` or `postgresql://` URL; `sslmode` and `sslrootcert` in its query
    /// are read, `tls` and `rootCertificatePath` win over them when given.
    ///
    /// - Parameters:
    ///   - urlOption: how the URL's option is named in messages (`--database-url`).
    ///   - password: the password file's contents, which wins over a password in the URL.
    /// - Throws: ``Invalid`` naming `urlOption` and the rule; the URL itself is not repeated (it may hold a password).
    public static func parse(
        url text: String,
        urlOption: String = "--database-url",
        password: String? = nil,
        tls: TLSMode? = nil,
        rootCertificatePath: String? = nil
    ) throws -> PostgresConnectionSettings {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw Invalid("\(urlOption) must be a postgres:// or postgresql:// URL (postgres://user:password@host:5432/database)")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let known: Set<String> = ["sslmode", "sslrootcert", "host", "port", "user", "password", "dbname"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw Invalid("\(urlOption) has the query parameter \(unknown), which is not one of \(known.sorted().joined(separator: ", "))")
        }
        let port: Int
        if let given = components.port ?? query["port"].flatMap({ Int($0) }) {
            guard (1...65535).contains(given) else { throw Invalid("\(urlOption) must name a port between 1 and 65535") }
            port = given
        } else if query["port"] != nil {
            throw Invalid("\(urlOption) must name a port between 1 and 65535")
        } else {
            port = 5432
        }
        let host = query["host"] ?? components.percentEncodedHost.flatMap { $0.removingPercentEncoding }
        let endpoint: Endpoint
        switch host {
        case let host? where host.hasPrefix("/"):
            endpoint = .unixSocket(path: host.hasSuffix("/") ? "\(host).s.PGSQL.\(port)" : "\(host)/.s.PGSQL.\(port)")
        case let host? where !host.isEmpty:
            endpoint = .tcp(host: host, port: port)
        default:
            throw Invalid("\(urlOption) must name a host (postgres://user@host/database, or ?host=/socket/directory)")
        }
        let username = query["user"] ?? components.user ?? ""
        guard !username.isEmpty else {
            throw Invalid("\(urlOption) must name a user (postgres://user@host/database)")
        }
        var database = query["dbname"] ?? String(components.path.drop(while: { $0 == "/" }))
        if database.isEmpty { database = username }
        let modeText = tls?.rawValue ?? query["sslmode"] ?? TLSMode.disable.rawValue
        guard let mode = TLSMode(rawValue: modeText) else {
            throw Invalid(
                "\(urlOption)'s sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", ")), not \(modeText)"
            )
        }
        let rootCertificate = rootCertificatePath ?? query["sslrootcert"].flatMap { $0.isEmpty ? nil : $0 }
        if rootCertificate != nil && mode != .verifyFull {
            throw Invalid("a CA file (--database-ssl-root-cert or sslrootcert) needs sslmode verify-full, not \(mode.rawValue)")
        }
        if mode != .disable, case .unixSocket = endpoint {
            throw Invalid("\(urlOption) names a unix socket, over which TLS is not used: give sslmode disable")
        }
        let urlPassword = query["password"] ?? components.password
        return PostgresConnectionSettings(
            endpoint: endpoint,
            username: username,
            password: password ?? urlPassword,
            database: database,
            tls: mode,
            rootCertificatePath: rootCertificate
        )
    }

    /// The first line of a password file, without its line end (as libpq's passfile-less tools read one).
    /// - Throws: ``Invalid`` naming `option` when the file holds no password.
    public static func password(fromFileContents contents: String, option: String = "--database-password-file") throws -> String {
        let line = contents.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let password = line.hasSuffix("\r") ? String(line.dropLast()) : line
        guard !password.isEmpty else { throw Invalid("\(option) must hold the password on its first line; the file's first line is empty") }
        return password
    }
}
