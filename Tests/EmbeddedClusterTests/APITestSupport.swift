import EmbeddedCluster
import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Runs `body` against the embedded Kubernetes API served over real HTTP on 127.0.0.1, backed
/// by a fresh, migrated in-memory database.
func withEmbeddedAPI(
    access: KubeAccess = .allowAll,
    configuration: EmbeddedClusterAPI.Configuration = .init(),
    storeConfiguration: ClusterStore.Configuration = .init(),
    _ body: @escaping @Sendable (any TestClientProtocol, ClusterStore) async throws -> Void
) async throws {
    let database = try makeMigratedDatabase()
    let store = ClusterStore(database: database, configuration: storeConfiguration)
    let router = Router()
    EmbeddedClusterAPI(store: store, access: access, configuration: configuration).addRoutes(to: router)
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in
        try await body(client, store)
    }
}

/// The JSON body of a response; fails the test when it is not JSON.
func responseJSON(_ response: TestResponse) throws -> JSONValue {
    try JSONValue(parsing: Array(response.body.readableBytesView))
}

/// A request body from a JSON value.
func requestBody(_ value: JSONValue) -> ByteBuffer {
    ByteBuffer(bytes: value.compactData)
}

/// A request body from text (YAML, malformed JSON, …).
func requestBody(_ text: String) -> ByteBuffer {
    ByteBuffer(string: text)
}

/// Headers with a `Content-Type`.
func contentType(_ value: String) -> HTTPFields {
    [.contentType: value]
}

/// A minimal `InferenceWorkload` named `name`.
func kubeWorkload(_ name: String, version: String = "v2alpha1", replicas: Int64 = 1, labels: JSONValue? = nil) -> JSONValue {
    var object: JSONValue = [
        "apiVersion": .string("run.ai/\(version)"),
        "kind": "InferenceWorkload",
        "metadata": ["name": .string(name)],
        "spec": ["image": ["value": "nginx:1.27"], "minScale": ["value": .integer(replicas)]],
    ]
    if let labels { object[path: ["metadata", "labels"]] = labels }
    return object
}

/// The path of the `inferenceworkloads` collection of `namespace` (or of all namespaces).
func collectionPath(_ namespace: String? = "ns1", version: String = "v2alpha1") -> String {
    guard let namespace else { return "/apis/run.ai/\(version)/inferenceworkloads" }
    return "/apis/run.ai/\(version)/namespaces/\(namespace)/inferenceworkloads"
}

/// The path of one object.
func objectPath(_ name: String, namespace: String = "ns1", version: String = "v2alpha1") -> String {
    "\(collectionPath(namespace, version: version))/\(name)"
}

/// Asserts that `response` is a `Status` failure with `code` and `reason`, sent as `application/json`,
/// and returns it.
@discardableResult
func expectKubeStatus(
    _ response: TestResponse,
    _ code: Int,
    _ reason: String,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> JSONValue {
    #expect(response.status.code == code, sourceLocation: sourceLocation)
    #expect(response.headers[.contentType] == "application/json", sourceLocation: sourceLocation)
    let status = try responseJSON(response)
    #expect(status["kind"] == "Status", sourceLocation: sourceLocation)
    #expect(status["apiVersion"] == "v1", sourceLocation: sourceLocation)
    #expect(status["status"] == "Failure", sourceLocation: sourceLocation)
    #expect(status["reason"] == .string(reason), sourceLocation: sourceLocation)
    #expect(status["code"] == .integer(Int64(code)), sourceLocation: sourceLocation)
    return status
}

/// Creates `object` in `ns1` and returns the stored object.
@discardableResult
func kubeCreate(_ client: any TestClientProtocol, _ object: JSONValue, namespace: String = "ns1") async throws -> JSONValue {
    let response = try await client.execute(
        uri: collectionPath(namespace),
        method: .post,
        headers: contentType("application/json"),
        body: requestBody(object)
    )
    #expect(response.status == .created)
    return try responseJSON(response)
}
