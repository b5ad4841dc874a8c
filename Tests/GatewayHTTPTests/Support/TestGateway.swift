import Foundation
import GRDB
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import GatewayHTTP

/// The legacy settings tests start from: the defaults, with audit batches flushed quickly.
func testLegacyConfiguration(
    authentication: LegacyAPIConfiguration.Authentication = .none,
    projectsFile: String? = nil,
    deprecation: LegacyAPIConfiguration.Deprecation = .init(),
    maximumBodySize: Int = LegacyAPIConfiguration.defaultMaximumBodySize,
    auditFlushInterval: Duration = .milliseconds(50)
) -> LegacyAPIConfiguration {
    LegacyAPIConfiguration(
        authentication: authentication,
        projectsFile: projectsFile,
        deprecation: deprecation,
        maximumBodySize: maximumBodySize,
        auditFlushInterval: auditFlushInterval
    )
}

/// Builds the gateway as `serve` does, over a fresh migrated in-memory database (or `database`),
/// and runs `body` with a client for it: through the router, or over real HTTP on 127.0.0.1 when `live`.
func withGateway(
    _ legacy: LegacyAPIConfiguration = testLegacyConfiguration(),
    database: GatewayDatabase? = nil,
    live: Bool = false,
    logger: Logger = Logger(label: "gateway-tests"),
    _ body: @escaping @Sendable (any TestClientProtocol, GatewayDatabase) async throws -> Void
) async throws {
    let database = try database ?? makeMigratedDatabase()
    var configuration = GatewayConfiguration(http: .init(host: "127.0.0.1", port: 0), legacy: legacy)
    if !live {
        // Without a listener the push path cannot reach the embedded cluster: do not wait for it.
        configuration.sync.submitWait = .zero
    }
    let app = try await buildApplication(configuration: configuration, database: database, logger: logger)
    try await app.test(live ? .live : .router) { client in
        try await body(client, database)
    }
}

/// Writes `text` to a new file in a fresh directory and returns its path.
func writeTemporaryFile(_ text: String, name: String = "file.yaml") throws -> String {
    let url = try makeTemporaryDirectory().appending(path: name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// The rows of every table a legacy write touches (the audit log aside: every call is audited).
struct StoreCounts: Equatable, CustomStringConvertible {
    var workloads: Int
    var outbox: Int
    var projects: Int
    var idempotencyKeys: Int

    var description: String {
        "workloads \(workloads), outbox \(outbox), projects \(projects), idempotency keys \(idempotencyKeys)"
    }

    static func of(_ database: GatewayDatabase) async throws -> StoreCounts {
        try await database.writer.read { db in
            StoreCounts(
                workloads: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM workloads") ?? -1,
                outbox: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? -1,
                projects: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM projects") ?? -1,
                idempotencyKeys: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM idempotency_keys") ?? -1
            )
        }
    }
}

/// The worked example of the legacy reference, as a submit body.
let workedExample = """
    {"job":{"name":"inference1","project":"team-a","type":"inference","image":"gcr.io/run-ai-demo/quickstart-inference-marian",
     "gpu":0.5,"cpu":1,"memory":"2G","environment":{"BATCH_SIZE":"50"},
     "ports":[{"container":8888,"external":30088}],"serviceType":"nodeport","nodeType":"dgx"}}
    """

/// A minimal submit body.
func submitBody(name: String? = nil, project: String = "team-a", image: String = "nginx", extra: String = "") -> String {
    let nameMember = name.map { #""name":"\#($0)","# } ?? ""
    return #"{"job":{\#(nameMember)"project":"\#(project)","image":"\#(image)"\#(extra)}}"#
}

extension TestClientProtocol {
    /// Sends a request with a JSON body and returns the response.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        json: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = headers
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    /// The body as a JSON object.
    var object: [String: Any] {
        get throws {
            let data = Data((body ?? ByteBuffer()).readableBytesView)
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "not a JSON object: \(text)")
        }
    }

    /// The body as text.
    var text: String { String(buffer: body ?? ByteBuffer()) }

    /// The `data` list of a legacy envelope.
    var dataList: [[String: Any]] {
        get throws { try #require(try object["data"] as? [[String: Any]], "no data list in \(text)") }
    }

    /// Every value of a header, in order.
    func values(_ name: HTTPField.Name) -> [String] {
        headers[values: name]
    }
}

/// Waits until `condition` holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(5), _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
