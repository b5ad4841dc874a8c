import Foundation
import GatewayCore
import KubernetesClient

/// An in-process stand-in for a Kubernetes API server, for unit tests of the sync layer only
/// (the real path is tested against the embedded cluster over HTTP).
actor FakeCluster: KubernetesAPI {
    nonisolated let defaultNamespace = "default"
    private(set) var objects: [String: JSONValue] = [:]
    private(set) var requests: [String] = []
    private var failures: [KubernetesError] = []
    private var resourceVersion = 0
    private var watchScripts: [[Result<WatchEvent<Data>, any Error>]] = []
    private(set) var watchedFrom: [String?] = []
    private var openWatches: [AsyncThrowingStream<WatchEvent<Data>, any Error>.Continuation] = []

    /// Ends every open watch with `error`, as a server or a broken connection would.
    func breakOpenWatches(with error: any Error) {
        for watch in openWatches { watch.finish(throwing: error) }
        openWatches.removeAll()
    }

    /// The events the next watches deliver, one script per watch call; each ends its stream.
    func scriptWatch(_ events: [Result<WatchEvent<Data>, any Error>]) {
        watchScripts.append(events)
    }

    /// Makes the next requests fail with these errors, in order.
    func failNext(_ errors: KubernetesError...) {
        failures += errors
    }

    func object(_ namespace: String, _ name: String) -> JSONValue? {
        objects["\(namespace)/\(name)"]
    }

    /// Changes or removes an object behind the gateway's back.
    func tamper(_ namespace: String, _ name: String, _ change: (inout JSONValue?) -> Void) {
        change(&objects["\(namespace)/\(name)"])
    }

    private func record(_ request: String) throws {
        requests.append(request)
        if !failures.isEmpty { throw failures.removeFirst() }
    }

    func get(_ resource: KubernetesResource, namespace: String?, name: String, subresource: String?) async throws -> Data {
        try record("GET \(namespace ?? "")/\(name)")
        guard let object = objects["\(namespace ?? "")/\(name)"] else {
            throw KubernetesError(.notFound, "\(name) not found", httpStatus: 404, reason: "NotFound")
        }
        return object.compactData
    }

    func list(_ resource: KubernetesResource, namespace: String?, options: ListOptions) async throws -> Data {
        try record("LIST")
        let items = objects.values.filter { namespace == nil || $0["metadata"]?["namespace"]?.stringValue == namespace }
        let list: JSONValue = ["items": .array(Array(items)), "metadata": ["resourceVersion": .string("\(resourceVersion)")]]
        return list.compactData
    }

    func create(_ resource: KubernetesResource, namespace: String?, body: Data, options: WriteOptions) async throws -> Data {
        throw KubernetesError(.methodNotAllowed, "not in the fake", httpStatus: 405, reason: "MethodNotAllowed")
    }

    func replace(
        _ resource: KubernetesResource, namespace: String?, name: String, subresource: String?, body: Data,
        options: WriteOptions
    ) async throws -> Data {
        throw KubernetesError(.methodNotAllowed, "not in the fake", httpStatus: 405, reason: "MethodNotAllowed")
    }

    func patch(
        _ resource: KubernetesResource, namespace: String?, name: String, subresource: String?,
        patch: KubernetesPatch, options: WriteOptions
    ) async throws -> Data {
        try record("APPLY \(namespace ?? "")/\(name)")
        guard case .apply(let body, _) = patch, case .object(var object) = try JSONValue(parsing: body) else {
            throw KubernetesError(.unsupportedMediaType, "apply only", httpStatus: 415, reason: "UnsupportedMediaType")
        }
        let key = "\(namespace ?? "")/\(name)"
        resourceVersion += 1
        var metadata = object["metadata"]?.objectValue ?? [:]
        metadata["uid"] = objects[key]?["metadata"]?["uid"] ?? .string(UUID().uuidString.lowercased())
        metadata["resourceVersion"] = .string("\(resourceVersion)")
        object["metadata"] = .object(metadata)
        objects[key] = .object(object)
        return JSONValue.object(object).compactData
    }

    func delete(_ resource: KubernetesResource, namespace: String?, name: String, options: DeleteOptions) async throws -> Data {
        try record("DELETE \(namespace ?? "")/\(name)")
        guard objects.removeValue(forKey: "\(namespace ?? "")/\(name)") != nil else {
            throw KubernetesError(.notFound, "\(name) not found", httpStatus: 404, reason: "NotFound")
        }
        return Data(#"{"kind":"Status","status":"Success"}"#.utf8)
    }

    func watch(_ resource: KubernetesResource, namespace: String?, options: WatchOptions) async throws -> WatchStream<Data> {
        try record("WATCH from \(options.resourceVersion ?? "-")")
        watchedFrom.append(options.resourceVersion)
        guard !watchScripts.isEmpty else {
            // Nothing scripted: a watch that stays open until the test breaks it.
            let (stream, continuation) = AsyncThrowingStream<WatchEvent<Data>, any Error>.makeStream()
            openWatches.append(continuation)
            return WatchStream(stream)
        }
        let script = watchScripts.removeFirst()
        return WatchStream(AsyncThrowingStream { continuation in
            for item in script {
                switch item {
                case .success(let event): continuation.yield(event)
                case .failure(let error): continuation.finish(throwing: error)
                }
            }
            continuation.finish()
        })
    }
}
