import Foundation
import Synchronization

/// A PostgreSQL server of the tests' own: `initdb` into a temporary directory and `pg_ctl start`
/// on a unix socket in that directory (no TCP port to collide on), as the `postgres` user when the
/// tests run as root (initdb refuses root). Started once per test process, on first use, and
/// stopped when the process exits; each test takes a fresh database of it.
///
/// The binaries are Debian's `postgresql` package (`/usr/lib/postgresql/15/bin`, or `PG_BIN`),
/// which `scripts/setup.sh test` installs.
public final class PostgresTestServer: Sendable {
    /// The directory holding the data directory and the socket.
    public let directory: String
    /// The port the socket is named after (`.s.PGSQL.<port>`).
    public let port: Int

    private static let started = Mutex<Result<PostgresTestServer, PostgresTestServerError>?>(nil)

    /// The server of this test process, started on first use.
    /// - Throws: ``PostgresTestServerError`` when the server cannot be started (its log is in the message).
    public static func shared() throws -> PostgresTestServer {
        try started.withLock { state in
            if let state { return try state.get() }
            let result = Result { () throws(PostgresTestServerError) -> PostgresTestServer in try PostgresTestServer() }
            state = result
            if case .success(let server) = result {
                let directory = server.directory
                atexit_directory.withLock { $0 = directory }
                atexit { PostgresTestServer.stopAtExit() }
            }
            return try result.get()
        }
    }

    private init() throws(PostgresTestServerError) {
        let bin = ProcessInfo.processInfo.environment["PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
        guard FileManager.default.isExecutableFile(atPath: "\(bin)/initdb") else {
            throw PostgresTestServerError("no initdb at \(bin): run scripts/setup.sh test (Debian's postgresql package)")
        }
        let directory = "/tmp/gateway-pg-\(UUID().uuidString.prefix(8))"
        self.directory = directory
        self.port = 5432
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if getuid() == 0 { try Self.run("/bin/chown", ["postgres:postgres", directory]) }
            try Self.run(
                "\(bin)/initdb",
                ["-D", "\(directory)/data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
                asPostgres: true
            )
            try Self.run(
                "\(bin)/pg_ctl",
                [
                    "-D", "\(directory)/data", "-l", "\(directory)/server.log", "-w", "-t", "60",
                    "-o", "-c listen_addresses='' -k \(directory) -p \(port) -c fsync=off -c max_connections=200",
                    "start",
                ],
                asPostgres: true
            )
        } catch {
            let log = (try? String(contentsOfFile: "\(directory)/server.log", encoding: .utf8)) ?? ""
            throw PostgresTestServerError("the test PostgreSQL server did not start: \(error)\n\(log)")
        }
    }

    /// A URL of `database` on this server, as `--database-url` takes it.
    public func url(database: String) -> String {
        "postgres://postgres@/\(database)?host=\(directory)&port=\(port)"
    }

    /// Creates an empty database with a fresh name and returns its name.
    public func createDatabase() throws -> String {
        let name = "gateway_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        try psql("CREATE DATABASE \(name)")
        return name
    }

    /// Runs one SQL command with `psql` (as the `postgres` superuser) and returns what it printed.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        try Self.run(
            "/usr/bin/psql",
            ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", directory, "-p", "\(port)", "-U", "postgres", "-d", database, "-c", sql]
        )
    }

    private static let atexit_directory = Mutex<String?>(nil)

    private static func stopAtExit() {
        guard let directory = atexit_directory.withLock({ $0 }) else { return }
        let bin = ProcessInfo.processInfo.environment["PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
        _ = try? run("\(bin)/pg_ctl", ["-D", "\(directory)/data", "-m", "immediate", "-w", "stop"], asPostgres: true)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs a program to its end (posix_spawn and waitpid: Foundation's `Process` can wait forever
    /// for a `pg_ctl` whose server lives on) and returns what it printed.
    @discardableResult
    private static func run(_ executable: String, _ arguments: [String], asPostgres: Bool = false) throws -> String {
        let command = asPostgres && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments : [executable] + arguments
        let outputPath = NSTemporaryDirectory() + "gateway-pg-output-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, &argv, environ)
        guard spawned == 0 else { throw PostgresTestServerError("cannot start \(command[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            throw PostgresTestServerError("\((executable as NSString).lastPathComponent) exited with \(code): \(text)")
        }
        return text
    }
}

/// Why the test PostgreSQL server could not be started or used.
public struct PostgresTestServerError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
