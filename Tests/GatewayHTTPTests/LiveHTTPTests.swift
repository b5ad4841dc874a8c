import Foundation
import GatewayPersistence
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHTTP

/// Over real HTTP on 127.0.0.1, where framing matters: declared and streamed body sizes, headers on the wire.
@Suite struct LiveHTTPTests {
    @Test func aDeclaredOversizedBodyIsRefusedWith413OverRealHTTP() async throws {
        try await withGateway(testLegacyConfiguration(maximumBodySize: 4096), live: true) { client, database in
            let big = submitBody(extra: #","workingDir":"\#(String(repeating: "d", count: 64 * 1024))""#)
            let response = try await client.send(.post, "/api/v1/jobs", json: big)
            #expect(response.status == .contentTooLarge)
            #expect(try response.object["status"] as? Int == 413)
            #expect(response.headers[LegacyHeader.deprecation] == "@1651363200")
            #expect(try await StoreCounts.of(database).workloads == 0)

            // The connection stays usable for the next call.
            let next = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "after"))
            #expect(next.status == .ok)
        }
    }

    @Test func aSubmitOverRealHTTPCarriesEverySignal() async throws {
        try await withGateway(live: true) { client, _ in
            let response = try await client.send(.post, "/researcher/api/v1/jobs", json: workedExample, headers: [LegacyHeader.requestID: "live-1"])
            #expect(response.status == .ok)
            #expect(response.headers[LegacyHeader.requestID] == "live-1")
            #expect(response.values(LegacyHeader.link).count == 2)
            let port = try #require(client.port)
            let successor = "/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads/inference1>"
            // The successor is on the gateway itself, as the client named it in `Host`.
            #expect(
                response.values(LegacyHeader.link).contains {
                    $0.hasPrefix("<http://localhost\(successor)") || $0.hasPrefix("<http://localhost:\(port)\(successor)")
                },
                "\(response.values(LegacyHeader.link))"
            )
            #expect(response.headers[LegacyHeader.warning]?.hasPrefix(#"299 - "POST /researcher/api/v1/jobs is deprecated"#) == true)
        }
    }
}
