import Foundation
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Testing

@testable import GatewayHTTP

/// `/metrics` through the router: every family it shows is declared in the catalog, requests are
/// labelled by route template, clients past the cap fold into `other`; `/readyz` turns false once
/// shutdown begins.
@Suite struct MetricsTests {
    @Test func clientsPastTheCapAreCountedAsOtherAndEachClientKeepsItsOwnSeries() {
        let registry = PrometheusCollectorRegistry()
        let calls = DeprecatedCallMetrics(maximumClients: 2, factory: GatewayMetricsFactory(registry: registry))
        for client in ["alice", "bob", "carol", "alice", "dave"] {
            calls.record(endpoint: .listJobs, client: client)
        }
        calls.record(endpoint: nil, client: "bob")
        let text = registry.emitToString()
        #expect(text.contains(#"gateway_deprecated_api_requests_total{endpoint="listJobs",client="alice"} 2"#))
        #expect(text.contains(#"gateway_deprecated_api_requests_total{endpoint="listJobs",client="bob"} 1"#))
        #expect(text.contains(#"gateway_deprecated_api_requests_total{endpoint="listJobs",client="other"} 2"#))
        #expect(text.contains(#"gateway_deprecated_api_requests_total{endpoint="unknown",client="bob"} 1"#))
        #expect(!text.contains("carol") && !text.contains("dave"))
    }

    @Test func aClientIsTheTokenUserElseRAUserElseTheUserAgentCutToSixtyFourCharacters() {
        #expect(DeprecatedCallMetrics.client(authenticatedUser: "alice", raUser: "john", userAgent: "curl/8") == "alice")
        #expect(DeprecatedCallMetrics.client(authenticatedUser: nil, raUser: "john", userAgent: "curl/8") == "john")
        #expect(DeprecatedCallMetrics.client(authenticatedUser: nil, raUser: "", userAgent: "curl/8") == "curl/8")
        #expect(DeprecatedCallMetrics.client(authenticatedUser: nil, raUser: nil, userAgent: nil) == "unknown")
        let long = String(repeating: "a", count: 100)
        #expect(DeprecatedCallMetrics.client(authenticatedUser: nil, raUser: nil, userAgent: long).count == 64)
    }

    @Test func everyFamilyMetricsShowsIsDeclaredInTheCatalogAndPollsAreLabelledByTemplate() async throws {
        try await withGateway { client, _ in
            #expect(try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "m1")).status == .ok)
            #expect(try await client.send(.get, "/api/v1/jobs/team-a/m1").status == .ok)
            #expect(try await client.send(.get, "/researcher/api/v1/jobs/team-a").status == .ok)
            let answer = try await client.send(.get, "/metrics")
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == MetricsController.contentType)
            #expect(answer.headers[LegacyHeader.deprecation] == nil)
            let text = answer.text
            let declared = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { String($0.split(separator: " ")[2]) }
            #expect(declared.count >= 10, "\(declared)")
            for name in declared {
                #expect(MetricCatalog.families[name] != nil, "\(name) is not in the catalog")
            }
            #expect(!text.contains("Undocumented"))
            #expect(text.contains(#"gateway_http_requests_total{route="/api/v1/jobs/{project}/{job}",method="GET",status_class="2xx"} 1"#))
            #expect(text.contains(#"gateway_http_requests_total{route="/researcher/api/v1/jobs/{project}",method="GET",status_class="2xx"} 1"#))
            #expect(text.contains(#"gateway_http_requests_total{route="/api/v1/jobs",method="POST",status_class="2xx"} 1"#))
            #expect(!text.contains("m1\""), "a raw path became a label")
        }
    }

    @Test func readinessTurnsFalseNamingShutdownOnceTheSwitchIsThrown() async throws {
        let readiness = ReadinessSwitch()
        let configuration = GatewayConfiguration(http: .init(host: "127.0.0.1", port: 0), legacy: testLegacyConfiguration())
        let app = try await buildApplication(
            configuration: configuration,
            database: try makeMigratedDatabase(),
            readiness: readiness,
            logger: Logger(label: "test")
        )
        try await app.test(.router) { client in
            let before = try await client.send(.get, "/readyz")
            #expect((try before.object["checks"] as? [String: String])?["shutdown"] == "running")
            readiness.shutDown()
            let after = try await client.send(.get, "/readyz")
            #expect(after.status == .serviceUnavailable)
            #expect((try after.object["checks"] as? [String: String])?["shutdown"] == "shutting-down")
            #expect((try after.object["failing"] as? [String])?.contains("shutdown") == true)
            #expect(try await client.send(.get, "/healthz").status == .ok, "shutting down is no reason to restart")
        }
    }
}
