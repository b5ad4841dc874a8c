import Foundation
import GRDB
import GatewayTestSupport
import Testing

@testable import GatewayPersistence

@Suite struct DurabilityTests {
    /// An executable built beside the test bundle.
    static func product(_ name: String) -> URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: name)
    }

    @Test func aWriterKilledWithSIGKILLLosesNoWriteThatReturned() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appending(path: "crash.sqlite").path

        let process = Process()
        process.executableURL = Self.product("GatewayCrashWriter")
        process.arguments = [path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()

        // Read acknowledged names until enough are in, then kill the writer mid-loop.
        var acknowledged: [String] = []
        var pending = Data()
        let handle = output.fileHandleForReading
        while acknowledged.count < 300 {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                acknowledged.append(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                pending.removeSubrange(pending.startIndex...newline)
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(acknowledged.count >= 300)

        let reopened = try GatewayDatabase.open(at: path)
        let (names, outboxCount) = try await reopened.writer.read { db in
            (
                Set(try String.fetchAll(db, sql: "SELECT name FROM workloads")),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0
            )
        }
        let lost = acknowledged.filter { !names.contains($0) }
        #expect(lost.isEmpty, "acknowledged but lost: \(lost.prefix(5))")
        #expect(outboxCount == names.count, "every workload keeps its outbox entry")
        #expect(try reopened.pragma("integrity_check") == "ok")
    }

    @Test func aBackupTakenWhileWritingOpensAndHoldsTheRows() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try GatewayDatabase.open(at: directory.appending(path: "live.sqlite").path)
        try database.migrate()
        let workloads = SQLiteWorkloadRepository(database: database)
        for index in 0..<50 {
            try await workloads.create(makeWorkload(name: "job-\(index)"), project: makeProject(), idempotency: nil)
        }

        let backupPath = directory.appending(path: "backups/copy.sqlite").path
        async let writes: Void = {
            for index in 50..<100 {
                try await workloads.create(makeWorkload(name: "job-\(index)"), project: nil, idempotency: nil)
            }
        }()
        try database.backup(to: backupPath)
        try await writes

        let copy = try GatewayDatabase.open(at: backupPath)
        try Migrator.embedded.verify(copy.writer)
        let count = try await SQLiteWorkloadRepository(database: copy).list(project: "team-a").count
        #expect((50...100).contains(count))
        #expect(try copy.pragma("integrity_check") == "ok")
        #expect(throws: StoreError.self) { try database.backup(to: backupPath) }
    }
}
