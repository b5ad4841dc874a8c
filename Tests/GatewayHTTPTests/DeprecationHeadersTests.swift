import Foundation
import GRDB
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHTTP

@Suite struct DeprecationHeadersTests {
    /// Checks the four signals every legacy response carries; `successor` is the expected successor URL.
    private func expectSignals(_ response: TestResponse, successor: String, warningStart: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.headers[LegacyHeader.deprecation] == "@1651363200", sourceLocation: sourceLocation)
        let links = response.values(LegacyHeader.link)
        #expect(
            links.contains(#"<\#(LegacyAPIConfiguration.Deprecation.defaultDocumentationURL)>; rel="deprecation"; type="text/html""#),
            sourceLocation: sourceLocation
        )
        #expect(links.contains(#"<\#(successor)>; rel="successor-version""#), "\(links)", sourceLocation: sourceLocation)
        let warning = response.headers[LegacyHeader.warning] ?? ""
        #expect(warning.hasPrefix(#"299 - "\#(warningStart)"#), "\(warning)", sourceLocation: sourceLocation)
        #expect(warning.hasSuffix(#"""#), sourceLocation: sourceLocation)
        #expect(response.headers[LegacyHeader.requestID] != nil, sourceLocation: sourceLocation)
        #expect(response.headers[LegacyHeader.sunset] == nil, sourceLocation: sourceLocation)
    }

    @Test func aSubmitPointsAtTheInferenceWorkloadItBecame() async throws {
        try await withGateway { client, _ in
            let response = try await client.send(.post, "/api/v1/jobs", json: workedExample)
            expectSignals(
                response,
                successor: "http://localhost/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads/inference1",
                warningStart: "POST /api/v1/jobs is deprecated; use POST /apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads"
            )
        }
    }

    @Test func listsPointAtTheCollectionTheyReplace() async throws {
        try await withGateway { client, _ in
            try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a1"))
            expectSignals(
                try await client.send(.get, "/api/v1/jobs"),
                successor: "http://localhost/apis/run.ai/v2alpha1/inferenceworkloads",
                warningStart: "GET /api/v1/jobs is deprecated; use GET /apis/run.ai/v2alpha1/inferenceworkloads"
            )
            expectSignals(
                try await client.send(.get, "/researcher/api/v1/jobs/team-a"),
                successor: "http://localhost/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads",
                warningStart: "GET /researcher/api/v1/jobs/team-a is deprecated; use GET /apis/run.ai/v2alpha1/namespaces/runai-team-a/"
            )
        }
    }

    /// One request per error class, and the status it must get.
    static let errorCases: [(method: HTTPRequest.Method, path: String, body: String?, status: HTTPResponse.Status)] = [
        (.post, "/api/v1/jobs", "{not json", .badRequest),
        (.post, "/api/v1/jobs", submitBody(name: "Bad_Name"), .unprocessableContent),
        (.get, "/api/v1/jobs/team-a/missing", nil, .notFound),
        (.get, "/api/v1/jobs/team-a/a1/logs", nil, .notFound),
        (.get, "/researcher/api/docs", nil, .notFound),
        (.put, "/api/v1/jobs", "{}", .methodNotAllowed),
        (.post, "/api/v1/jobs", submitBody(extra: #","workingDir":"\#(String(repeating: "w", count: 600))""#), .contentTooLarge),
    ]

    @Test(arguments: 0..<errorCases.count)
    func everyErrorClassCarriesTheSignalsAndTheLegacyBody(index: Int) async throws {
        let error = Self.errorCases[index]
        try await withGateway(testLegacyConfiguration(maximumBodySize: 512)) { client, _ in
            let response = try await client.send(error.method, error.path, json: error.body)
            #expect(response.status == error.status, "\(error.method) \(error.path): \(response.text)")
            #expect(try response.object["status"] as? Int == Int(error.status.code))
            #expect(try response.object["details"] is String)
            expectSignals(
                response,
                successor: "http://localhost/apis/run.ai/v2alpha1/inferenceworkloads",
                warningStart: "\(error.method.rawValue) \(error.path) is deprecated; use "
            )
        }
    }

    @Test func aMethodALegacyPathDoesNotServeIsA405ListingTheOnesItDoes() async throws {
        try await withGateway { client, _ in
            let response = try await client.send(.patch, "/api/v1/jobs/team-a/a1")
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET")
        }
    }

    @Test func anInternalFailureIsA500WithTheSignalsAndNoInternals() async throws {
        let database = try makeMigratedDatabase()
        try await withGateway(database: database) { client, database in
            try await database.writer.write { db in try db.execute(sql: "DROP TABLE idempotency_keys") }
            let response = try await client.send(.post, "/api/v1/jobs", json: submitBody(), headers: [LegacyHeader.idempotencyKey: "k1"])
            #expect(response.status == .internalServerError)
            let body = try response.object
            #expect(body["status"] as? Int == 500)
            #expect(!response.text.contains("idempotency_keys"), "no SQL in the body: \(response.text)")
            #expect((body["details"] as? String)?.contains(response.headers[LegacyHeader.requestID] ?? "-") == true)
            expectSignals(response, successor: "http://localhost/apis/run.ai/v2alpha1/inferenceworkloads", warningStart: "POST /api/v1/jobs")
        }
    }

    @Test func aConfiguredSunsetClusterURLAndDeprecationDateAreSent() async throws {
        let deprecation = LegacyAPIConfiguration.Deprecation(
            date: try ConfigurationValueParser.date("2024-06-01", setting: "date"),
            sunset: try ConfigurationValueParser.date("2027-06-30T23:59:59Z", setting: "sunset"),
            documentationURL: "https://docs.example/legacy",
            clusterBaseURL: "https://k8s.example:6443/"
        )
        try await withGateway(testLegacyConfiguration(deprecation: deprecation)) { client, _ in
            let response = try await client.send(.get, "/api/v1/version")
            #expect(response.headers[LegacyHeader.deprecation] == "@1717200000")
            #expect(response.headers[LegacyHeader.sunset] == "Wed, 30 Jun 2027 23:59:59 GMT")
            #expect(response.values(LegacyHeader.link).contains(#"<https://docs.example/legacy>; rel="deprecation"; type="text/html""#))
            #expect(
                response.values(LegacyHeader.link).contains(
                    #"<https://k8s.example:6443/apis/run.ai/v2alpha1/inferenceworkloads>; rel="successor-version""#
                )
            )
        }
    }

    @Test func pathsOutsideTheLegacyAPIGetNoSignals() async throws {
        try await withGateway { client, _ in
            for path in ["/healthz", "/openapi.yaml", "/api", "/apis"] {
                let response = try await client.send(.get, path)
                #expect(response.headers[LegacyHeader.deprecation] == nil, "\(path)")
                #expect(response.headers[LegacyHeader.warning] == nil, "\(path)")
            }
        }
    }

    @Test func theRequestIdOfTheCallerIsKeptAndAnInvalidOneReplaced() async throws {
        try await withGateway { client, _ in
            let kept = try await client.send(.get, "/api/v1/version", headers: [LegacyHeader.requestID: "dash-42.a:b_c"])
            #expect(kept.headers[LegacyHeader.requestID] == "dash-42.a:b_c")
            let replaced = try await client.send(.get, "/api/v1/version", headers: [LegacyHeader.requestID: "has spaces"])
            #expect(replaced.headers[LegacyHeader.requestID] != "has spaces")
            #expect(replaced.headers[LegacyHeader.requestID]?.isEmpty == false)
        }
    }

    @Test func theWarningTextIsQuotedAndBounded() {
        let signals = DeprecationSignals(configuration: .init(), groupVersion: "run.ai/v2alpha1", fallbackBaseURL: "http://127.0.0.1:8080")
        let warning = signals.warning(method: .get, path: "/api/v1/jobs/\"x\"/" + String(repeating: "y", count: 400), successor: .allNamespaces)
        #expect(warning.hasPrefix(#"299 - "GET /api/v1/jobs/\"x\"/"#))
        #expect(warning.count < 300)
        #expect(signals.baseURL(host: "evil.example\r\nX: 1") == "http://127.0.0.1:8080")
        #expect(signals.baseURL(host: "gateway:8080") == "http://gateway:8080")
    }
}
