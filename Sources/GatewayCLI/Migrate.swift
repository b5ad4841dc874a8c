import ArgumentParser
import Foundation
import GatewayHTTP
import GatewayPersistence

extension InferenceGateway {
    /// `inference-gateway migrate`: apply or list migrations.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply pending database migrations, or list them.")

        @OptionGroup var database: DatabaseLocationOptions

        @Flag(help: "List every migration and whether it is applied, without applying any.")
        var status = false

        func run() async throws {
            let opened = try GatewayDatabase.open(at: try await database.path())
            if status {
                var problems = 0
                for row in try Migrator.embedded.status(opened.writer) {
                    let state = row.appliedAt.map { "applied \(ISO8601DateFormatter().string(from: $0))" } ?? "pending"
                    print("\(row.identifier)\t\(state)\(row.problem.map { "\t\($0)" } ?? "")")
                    if row.problem != nil { problems += 1 }
                }
                if problems > 0 { throw ExitCode(2) }
                return
            }
            let applied = try opened.migrate()
            print(applied.isEmpty ? "up to date" : "applied \(applied.joined(separator: ", "))")
        }
    }

    /// `inference-gateway backup`: copy the live database.
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a consistent copy of the database, also while the gateway runs."
        )

        @OptionGroup var database: DatabaseLocationOptions

        @Option(help: "The file to write; it must not exist.")
        var to: String

        func run() async throws {
            let path = try await database.path()
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("no database at \(path)")
            }
            try GatewayDatabase.open(at: path).backup(to: to)
            print("backed up \(path) to \(to)")
        }
    }

    /// `inference-gateway version`.
    struct Version: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the gateway's version.")

        func run() async throws {
            print(GatewayVersionInfo.version)
        }
    }
}
