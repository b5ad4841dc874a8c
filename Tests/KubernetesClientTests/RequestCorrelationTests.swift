import Foundation
import GatewayTestSupport
import KubernetesClient
import Testing

/// A request made while a gateway request id is bound carries it as `X-Request-Id`, so that a
/// legacy call can be followed to the API server; without one, or with an id that is no safe
/// header value, none is sent.
@Suite struct RequestCorrelationTests {
    let widgets = Widget.resource

    @Test func aRequestMadeWhileAnIdIsBoundCarriesItAsXRequestIdAndOthersCarryNone() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            try await KubernetesRequestCorrelation.$requestID.withValue("legacy-call-42") {
                _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "traced", size: 1))
            }
            _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "untraced", size: 1))
            try await KubernetesRequestCorrelation.$requestID.withValue("bad id\r\nX-Evil: 1") {
                _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "refused-id", size: 1))
            }
            let posts = await fake.store.requests(method: "POST")
            #expect(posts.map(\.requestID) == ["legacy-call-42", nil, nil])
        }
    }
}
