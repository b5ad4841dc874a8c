import Foundation
import GRDB
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import Testing

@testable import GatewayHTTP

/// A full database answers legacy writes with a 507 and the embedded API with a `Status`, turns
/// `/readyz` to 503 until a write succeeds again, and is logged once, not per request. The limit
/// is real: the database file's `max_page_count` set to its current size, so SQLite answers
/// `SQLITE_FULL` to a write that needs a new page (a 64 KiB value needs overflow pages).
@Suite struct StorageFullResponseTests {
    static let pad = String(repeating: "x", count: 64 * 1024)

    private static func limitPages(_ database: GatewayDatabase, toCurrentSize: Bool) async throws {
        try await database.writer.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(toCurrentSize ? pages : 1 << 30)")
        }
    }

    private static func bigSubmit(_ name: String) -> String {
        submitBody(name: name, extra: #","environment":{"PAD":"\#(pad)"}"#)
    }

    @Test func aFullDatabaseIsA507ThenReadinessFailsAndItIsLoggedOnce() async throws {
        let logs = InMemoryLogHandler()
        var logger = Logger(label: "storage-tests") { _ in logs }
        logger.logLevel = .trace
        let database = try GatewayDatabase.open(at: try makeTemporaryDirectory().appending(path: "gateway.sqlite").path, logger: logger)
        try database.migrate()

        try await withGateway(database: database, logger: logger) { client, database in
            #expect(try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "before")).status == .ok)
            // Without a listener status sync never lists here: only the storage check is this test's.
            let ready = try await client.send(.get, "/readyz")
            #expect((try ready.object["checks"] as? [String: String])?["storage"] == "ok")
            #expect((try ready.object["failing"] as? [String])?.contains("storage") != true)
            #expect(ready.headers[LegacyHeader.deprecation] == nil)

            try await Self.limitPages(database, toCurrentSize: true)
            let before = try await StoreCounts.of(database)
            for index in 1...4 {
                let refused = try await client.send(.post, "/api/v1/jobs", json: Self.bigSubmit("big\(index)"))
                #expect(refused.status.code == 507, "\(refused.text)")
                #expect(try refused.object["status"] as? Int == 507)
                #expect(try refused.object["message"] as? String == "storage is full")
                #expect((try refused.object["details"] as? String)?.contains("nothing of this request was written") == true)
                #expect(refused.headers[.retryAfter] == "30")
                #expect(refused.headers[LegacyHeader.deprecation] != nil)
                #expect(refused.values(LegacyHeader.link).contains { $0.contains("rel=\"successor-version\"") })
            }
            #expect(try await StoreCounts.of(database) == before, "nothing half-written")
            #expect(try await client.send(.get, "/api/v1/jobs/team-a/big1").status == .notFound)

            let notReady = try await client.send(.get, "/readyz")
            #expect(notReady.status == .serviceUnavailable)
            #expect(try notReady.object["status"] as? String == "unavailable")
            #expect((try notReady.object["checks"] as? [String: String])?["storage"] == "full")
            #expect((try notReady.object["failing"] as? [String])?.contains("storage") == true)
            #expect(notReady.headers[LegacyHeader.deprecation] == nil)
            #expect(try await client.send(.get, "/healthz").status == .ok, "liveness is not readiness")

            // The embedded Kubernetes API answers a Status.
            let object = #"""
                {"apiVersion":"run.ai/v2alpha1","kind":"InferenceWorkload","metadata":{"name":"big","namespace":"runai-team-a"},
                 "spec":{"pad":"\#(Self.pad)"}}
                """#
            let status = try await client.send(.post, "/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads", json: object)
            #expect(status.status == .internalServerError)
            #expect(try status.object["kind"] as? String == "Status")
            #expect(try status.object["reason"] as? String == "InternalError")
            #expect((try status.object["message"] as? String)?.contains("storage is full") == true, "\(status.text)")

            // Room again: a submit succeeds, and readiness follows.
            try await Self.limitPages(database, toCurrentSize: false)
            #expect(try await client.send(.post, "/api/v1/jobs", json: Self.bigSubmit("after")).status == .ok)
            #expect(
                try await eventually {
                    (try await client.send(.get, "/readyz").object["checks"] as? [String: String])?["storage"] == "ok"
                }
            )
        }

        let full = logs.entries.filter { "\($0.message)".contains("storage is full") && $0.level >= .info }
        #expect(full.count == 1, "\(full.map { "\($0.level) \($0.message)" })")
        #expect(full.first?.level == .error)
        let recovered = logs.entries.filter { "\($0.message)" == "storage accepts writes again" }
        #expect(recovered.count == 1)
        #expect(recovered.first?.level == .info)
        let errors = logs.entries.filter { $0.level >= .error }
        #expect(errors.count == 1, "no error per refused request: \(errors.map { "\($0.message) \($0.metadata)" })")
    }

    @Test func readinessIsAListOfNamedChecks() async throws {
        let router = Router(context: GatewayRequestContext.self)
        ReadinessController(checks: [
            ReadinessCheck(name: "storage") { .ready("ok") },
            ReadinessCheck(name: "cluster") { .notReady("unreachable") },
        ]).addRoutes(to: router)
        try await Application(router: router).test(.router) { client in
            let answer = try await client.send(.get, "/readyz")
            #expect(answer.status == .serviceUnavailable)
            #expect(try answer.object["checks"] as? [String: String] == ["storage": "ok", "cluster": "unreachable"])
            #expect(answer.text == #"{"checks":{"cluster":"unreachable","storage":"ok"},"failing":["cluster"],"status":"unavailable"}"#)
        }
    }
}
