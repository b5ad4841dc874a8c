import Foundation
import GatewayCore
import KubernetesClient

/// The fake Kubernetes API in process: a ``KubernetesAPI`` over the same ``FakeKubernetesStore``
/// that ``FakeKubernetes`` serves over loopback HTTP, for unit tests of the sync layer (the real
/// path is tested against the embedded cluster over HTTP).
///
/// Each call becomes the request the libcurl client would send and is answered by the store; a
/// failed answer is thrown as the client throws it. Beyond the store, tests may script errors
/// (``failNext(_:)``), change objects behind the watches' back (``tamper(_:_:_:)``) and break the
/// open watches (``breakOpenWatches(with:)``).
public final class FakeCluster: KubernetesAPI, Sendable {
    /// The namespace calls without one use.
    public let defaultNamespace = "default"
    /// The store behind the API; its resource versions start at 1.
    public let store = FakeKubernetesStore(resourceVersion: 0)
    private let state = FakeClusterState()

    /// Creates an empty cluster.
    public init() {}

    // MARK: - What tests read and change

    /// Every object, keyed `namespace/name`.
    public var objects: [String: JSONValue] {
        get async {
            var objects: [String: JSONValue] = [:]
            for (key, data) in await store.objectData() {
                objects["\(key.namespace)/\(key.name)"] = try? JSONValue(parsing: data)
            }
            return objects
        }
    }

    /// The object `namespace/name`, if there is one.
    public func object(_ namespace: String, _ name: String) async -> JSONValue? {
        await objects["\(namespace)/\(name)"]
    }

    /// Every request, in order, as `APPLY ns/name`, `GET ns/name`, `LIST`, `WATCH from <version>`, `DELETE ns/name`….
    public var requests: [String] {
        get async { await store.requests().map(Self.summary) }
    }

    /// The resource version each watch started from, in order (`nil` for none).
    public var watchedFrom: [String?] {
        get async { await store.requests(method: "GET").filter { $0.query["watch"] == "true" }.map { $0.query["resourceVersion"] } }
    }

    /// Makes the next requests fail with these errors, in order (each is still recorded).
    public func failNext(_ errors: KubernetesError...) async {
        await state.failNext(errors)
    }

    /// Changes or removes an object behind the gateway's back: no event, no new resource version.
    public func tamper(_ namespace: String, _ name: String, _ change: (inout JSONValue?) -> Void) async {
        var object = await object(namespace, name)
        change(&object)
        await store.replaceBehindWatches(namespace: namespace, name: name, with: object?.compactData)
    }

    /// Ends every open watch with `error`, as a server or a broken connection would.
    public func breakOpenWatches(with error: any Error) async {
        await state.breakWatches(with: error)
    }

    // MARK: - KubernetesAPI

    /// `GET` one object.
    public func get(_ resource: KubernetesResource, namespace: String?, name: String, subresource: String?) async throws -> Data {
        try await send("GET", resource.path(namespace: namespace, name: name, subresource: subresource))
    }

    /// `GET` a collection.
    public func list(_ resource: KubernetesResource, namespace: String?, options: ListOptions) async throws -> Data {
        let query = Self.query([
            ("labelSelector", options.labelSelector), ("fieldSelector", options.fieldSelector), ("limit", options.limit.map(String.init)),
            ("continue", options.continueToken), ("resourceVersion", options.resourceVersion),
        ])
        return try await send("GET", resource.path(namespace: namespace), query: query)
    }

    /// `POST` an object.
    public func create(_ resource: KubernetesResource, namespace: String?, body: Data, options: WriteOptions) async throws -> Data {
        try await send("POST", resource.path(namespace: namespace), query: Self.query(options), body: body, contentType: "application/json")
    }

    /// `PUT` an object.
    public func replace(
        _ resource: KubernetesResource,
        namespace: String?,
        name: String,
        subresource: String?,
        body: Data,
        options: WriteOptions
    ) async throws -> Data {
        let path = resource.path(namespace: namespace, name: name, subresource: subresource)
        return try await send("PUT", path, query: Self.query(options), body: body, contentType: "application/json")
    }

    /// `PATCH` an object. An apply without a field manager, which the libcurl client refuses before
    /// sending, is applied as `fake-cluster`.
    public func patch(
        _ resource: KubernetesResource,
        namespace: String?,
        name: String,
        subresource: String?,
        patch: KubernetesPatch,
        options: WriteOptions
    ) async throws -> Data {
        var query = Self.query(options)
        if case .apply(_, let force) = patch {
            query["fieldManager"] = query["fieldManager"] ?? "fake-cluster"
            if force { query["force"] = "true" }
        }
        let path = resource.path(namespace: namespace, name: name, subresource: subresource)
        return try await send("PATCH", path, query: query, body: patch.body, contentType: patch.contentType)
    }

    /// `DELETE` an object.
    public func delete(_ resource: KubernetesResource, namespace: String?, name: String, options: DeleteOptions) async throws -> Data {
        try await send("DELETE", resource.path(namespace: namespace, name: name), query: options.dryRun ? ["dryRun": "All"] : [:])
    }

    /// Opens a watch: the store's lines as events, until the store ends it or ``breakOpenWatches(with:)``.
    public func watch(_ resource: KubernetesResource, namespace: String?, options: WatchOptions) async throws -> WatchStream<Data> {
        let query = Self.query([
            ("watch", "true"), ("resourceVersion", options.resourceVersion), ("allowWatchBookmarks", options.allowBookmarks ? "true" : nil),
            ("labelSelector", options.labelSelector), ("fieldSelector", options.fieldSelector),
            ("timeoutSeconds", options.timeoutSeconds.map(String.init)),
        ])
        let request = FakeKubernetesStore.RecordedRequest(method: "GET", path: resource.path(namespace: namespace), query: query, body: Data())
        let reply = try await answer(request)
        guard let lines = reply.stream else { return WatchStream(AsyncThrowingStream { $0.finish() }) }
        let (events, continuation) = AsyncThrowingStream.makeStream(of: WatchEvent<Data>.self, throwing: (any Error).self)
        let feeder = Task {
            do {
                for await line in lines { continuation.yield(try Self.event(line)) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in feeder.cancel() }
        await state.opened(continuation)
        return WatchStream(events)
    }

    // MARK: - Requests

    private func send(
        _ method: String,
        _ path: String,
        query: [String: String] = [:],
        body: Data = Data(),
        contentType: String? = nil
    ) async throws -> Data {
        let request = FakeKubernetesStore.RecordedRequest(method: method, path: path, query: query, contentType: contentType, body: body)
        return try await answer(request).body
    }

    /// The store's answer to `request`, or the scripted error; a failed answer is thrown.
    private func answer(_ request: FakeKubernetesStore.RecordedRequest) async throws -> FakeKubernetesStore.Answer {
        if let error = await state.nextFailure() {
            await store.log(request)
            throw error
        }
        let answer = await store.handle(request)
        guard answer.status >= 300 else { return answer }
        let status = try JSONDecoder().decode(KubernetesStatus.self, from: answer.body)
        throw KubernetesError(status: status, httpStatus: answer.status, retryAfterSeconds: answer.headers["Retry-After"].flatMap { Int($0) })
    }

    private static func query(_ pairs: [(String, String?)]) -> [String: String] {
        var query: [String: String] = [:]
        for case (let name, let value?) in pairs where !value.isEmpty { query[name] = value }
        return query
    }

    private static func query(_ options: WriteOptions) -> [String: String] {
        query([("fieldManager", options.fieldManager), ("dryRun", options.dryRun ? "All" : nil), ("fieldValidation", options.fieldValidation)])
    }

    /// One line of a watch stream as an event; an `ERROR` event is thrown as the client throws it.
    private static func event(_ line: Data) throws -> WatchEvent<Data> {
        let envelope = JSONDocument.object(line) ?? [:]
        let object = envelope["object"] ?? [:]
        let type = WatchEventType(rawValue: envelope["type"] as? String ?? "")
        if type == .error {
            throw KubernetesError(status: try JSONDecoder().decode(KubernetesStatus.self, from: JSONDocument.data(object)), httpStatus: nil)
        }
        let metadata = (object as? [String: Any])?["metadata"] as? [String: Any]
        return WatchEvent(type: type, object: JSONDocument.data(object), resourceVersion: metadata?["resourceVersion"] as? String)
    }

    /// `APPLY ns/name`, `LIST`, `WATCH from 7`…: what a test reads from ``requests``.
    private static func summary(_ request: FakeKubernetesStore.RecordedRequest) -> String {
        guard let route = FakeRoute(path: request.path) else { return "\(request.method) \(request.path)" }
        let object = "\(route.namespace ?? "")/\(route.name ?? "")"
        switch (request.method, route.name) {
        case ("GET", nil) where request.query["watch"] == "true": return "WATCH from \(request.query["resourceVersion"] ?? "-")"
        case ("GET", nil): return "LIST"
        case ("PATCH", _) where request.contentType == KubernetesPatch.apply(Data(), force: false).contentType: return "APPLY \(object)"
        case ("POST", _): return "CREATE \(route.namespace ?? "")"
        case ("PUT", _): return "REPLACE \(object)"
        default: return "\(request.method) \(object)"
        }
    }
}

/// What ``FakeCluster`` keeps beside the store: scripted errors and the open watches.
private actor FakeClusterState {
    private var failures: [KubernetesError] = []
    private var watches: [AsyncThrowingStream<WatchEvent<Data>, any Error>.Continuation] = []

    func failNext(_ errors: [KubernetesError]) { failures += errors }

    func nextFailure() -> KubernetesError? { failures.isEmpty ? nil : failures.removeFirst() }

    func opened(_ watch: AsyncThrowingStream<WatchEvent<Data>, any Error>.Continuation) { watches.append(watch) }

    func breakWatches(with error: any Error) {
        for watch in watches { watch.finish(throwing: error) }
        watches.removeAll()
    }
}

extension FakeKubernetesStore {
    /// Every object, as JSON.
    func objectData() -> [FakeObjectKey: Data] {
        objects.mapValues { JSONDocument.data($0) }
    }

    /// Replaces (or with `nil` removes) the object `namespace/name` without an event or a new resource version.
    func replaceBehindWatches(namespace: String, name: String, with object: Data?) {
        guard let key = objects.keys.first(where: { $0.namespace == namespace && $0.name == name }) else { return }
        objects[key] = object.flatMap(JSONDocument.object)
    }
}
