import Foundation
import KubernetesClient
import Logging
import Testing

@Suite struct ClientOperationsTests {
    static let widgets = KubernetesResource(group: "example.com", version: "v1", plural: "widgets")

    @Test func aNewcomerCanCreateAndReadAnObjectOverLoopback() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient(configuration: .server(url: "http://127.0.0.1:\(port)"), logger: .quiet)
            let body = Data(#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"demo"},"spec":{"size":1}}"#.utf8)
            let created = try await client.create(Self.widgets, namespace: "ns1", body: body, options: WriteOptions())
            #expect(String(decoding: created, as: UTF8.self).contains("\"resourceVersion\""))
            let read = try await client.get(Self.widgets, namespace: "ns1", name: "demo", subresource: nil)
            #expect(String(decoding: read, as: UTF8.self).contains("\"size\":1"))
        }
    }
}
