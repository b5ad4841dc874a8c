import Foundation
import GRDB
import GatewayPersistence
import GatewayTestSupport
import Testing

@Suite struct CommandLineTests {
    @Test func aNewcomerStartsTheBinaryFromAnotherDirectoryAndItMigratesAndServesHealthz() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let gateway = try GatewayProcess(arguments: [], in: directory)
        let (status, body) = try await gateway.get("/healthz")
        #expect(status == 200)
        let health = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        #expect(health?["status"] as? String == "ok")
        #expect(gateway.stop() == 0)

        // The default database lives under the working directory, in WAL mode, fully migrated.
        let path = directory.appending(path: "data/gateway.sqlite").path
        #expect(FileManager.default.fileExists(atPath: path))
        let database = try GatewayDatabase.open(at: path)
        #expect(try database.pragma("journal_mode") == "wal")
        try Migrator.embedded.verify(database.writer)
    }

    @Test func theDatabaseFlagAndItsEnvironmentVariableAreHonoured() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let fromEnvironment = try GatewayProcess(
            arguments: [],
            in: directory,
            environment: ["GATEWAY_DATABASE": "env/one.sqlite"]
        )
        #expect(try await fromEnvironment.get("/healthz").status == 200)
        #expect(fromEnvironment.stop() == 0)
        #expect(FileManager.default.fileExists(atPath: directory.appending(path: "env/one.sqlite").path))

        let fromFlag = try GatewayProcess(
            arguments: ["--database", "flag/two.sqlite"],
            in: directory,
            environment: ["GATEWAY_DATABASE": "env/ignored.sqlite"]
        )
        #expect(try await fromFlag.get("/healthz").status == 200)
        #expect(fromFlag.stop() == 0)
        #expect(FileManager.default.fileExists(atPath: directory.appending(path: "flag/two.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "env/ignored.sqlite").path))
    }

    @Test func migrateListsAppliesAndServeRefusesPendingMigrationsWhenToldNotToMigrate() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let before = try GatewayProcess.run(["migrate", "--status"], in: directory)
        #expect(before.status == 0)
        #expect(before.output.contains("0001_initial\tpending"))

        #expect(throws: GatewayProcessError.self) {
            _ = try GatewayProcess(arguments: ["--no-migrate"], in: directory)
        }

        let migrate = try GatewayProcess.run(["migrate"], in: directory)
        #expect(migrate.status == 0)
        #expect(migrate.output.contains("applied 0001_initial"))
        #expect(try GatewayProcess.run(["migrate"], in: directory).output.contains("up to date"))
        let after = try GatewayProcess.run(["migrate", "--status"], in: directory)
        #expect(after.output.contains("0001_initial\tapplied"))
    }

    @Test func backupWritesACopyThatOpensAndRefusesToOverwrite() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try GatewayProcess.run(["migrate"], in: directory).status == 0)

        let gateway = try GatewayProcess(arguments: [], in: directory)
        let backup = try GatewayProcess.run(["backup", "--to", "copy.sqlite"], in: directory)
        #expect(backup.status == 0, "\(backup.output)")
        #expect(gateway.stop() == 0)
        let copy = try GatewayDatabase.open(at: directory.appending(path: "copy.sqlite").path)
        try Migrator.embedded.verify(copy.writer)

        let again = try GatewayProcess.run(["backup", "--to", "copy.sqlite"], in: directory)
        #expect(again.status != 0)
        #expect(again.output.contains("already exists"))
    }

    @Test func versionPrintsTheVersion() throws {
        let result = try GatewayProcess.run(["version"], in: FileManager.default.temporaryDirectory)
        #expect(result.status == 0)
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }
}
