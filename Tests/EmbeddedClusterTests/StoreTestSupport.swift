import Foundation
import GatewayCore
import GatewayPersistence
import GatewayTestSupport
import Testing

@testable import EmbeddedCluster

/// A store over a fresh, migrated in-memory database.
func makeStore(historyLimit: Int = 1000, now: @escaping @Sendable () -> Date = { Date() }) throws -> ClusterStore {
    let database = try makeMigratedDatabase()
    return ClusterStore(database: database, configuration: .init(eventHistoryLimit: historyLimit, now: now))
}

/// An InferenceWorkload body as a client would send it.
func workload(
    _ name: String,
    namespace: String? = nil,
    labels: [String: String] = [:],
    finalizers: [String] = [],
    image: String = "nginx",
    minScale: Int64 = 1,
    maxScale: Int64 = 1,
    gpu: String = "0.5"
) -> JSONValue {
    var metadata: JSONValue = ["name": .string(name)]
    if let namespace { metadata["namespace"] = .string(namespace) }
    if !labels.isEmpty { metadata["labels"] = .object(labels.mapValues(JSONValue.string)) }
    if !finalizers.isEmpty { metadata["finalizers"] = .array(finalizers.map(JSONValue.string)) }
    return [
        "apiVersion": "run.ai/v2alpha1",
        "kind": "InferenceWorkload",
        "metadata": metadata,
        "spec": [
            "image": ["value": .string(image)],
            "minScale": ["value": .integer(minScale)],
            "maxScale": ["value": .integer(maxScale)],
            "gpu": ["value": .string(gpu)],
        ],
    ]
}

extension JSONValue {
    /// `metadata.resourceVersion`.
    var resourceVersion: String? { self[path: ["metadata", "resourceVersion"]]?.stringValue }
    /// `metadata.generation`.
    var generation: Int64? { self[path: ["metadata", "generation"]]?.integerValue }
    /// `metadata.name`.
    var name: String? { self[path: ["metadata", "name"]]?.stringValue }
}

/// Expects `body` to throw a ``KubeStatusError`` and returns it.
@discardableResult
func expectStatus(
    _ code: Int,
    _ reason: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async -> KubeStatusError? {
    do {
        try await body()
        Issue.record("expected \(code) \(reason), got success", sourceLocation: sourceLocation)
        return nil
    } catch {
        guard let error = error as? KubeStatusError else {
            Issue.record("expected a KubeStatusError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
        #expect(error.code == code, sourceLocation: sourceLocation)
        #expect(error.reason == reason, sourceLocation: sourceLocation)
        return error
    }
}

/// Reads the next `count` events of a watch (they are queued synchronously on commit).
func nextEvents(_ iterator: inout AsyncStream<WatchEvent>.Iterator, _ count: Int) async -> [WatchEvent] {
    var events: [WatchEvent] = []
    while events.count < count, let event = await iterator.next() {
        events.append(event)
    }
    return events
}
