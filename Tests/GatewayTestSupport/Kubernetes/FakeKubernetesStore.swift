import Foundation

/// The state of the loopback fake API server: objects, resource versions, watch history and
/// watchers, scripted faults, accepted tokens and a log of every request.
public actor FakeKubernetesStore {
    /// What the server answers.
    struct Answer: Sendable {
        var status: Int
        var body: Data
        var headers: [String: String] = [:]
        /// For watches: lines to send first, then the live lines.
        var stream: AsyncStream<Data>?
    }

    /// A request as it arrived.
    public struct RecordedRequest: Sendable {
        /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
        public var method: String
        /// The path, percent-decoded.
        public var path: String
        /// The query parameters.
        public var query: [String: String]
        /// The `Content-Type` header.
        public var contentType: String?
        /// The `Authorization` header.
        public var authorization: String?
        /// `X-Client-Verify`, as the TLS proxy in front of the server sets it.
        public var clientVerify: String?
        /// `X-Client-Subject`, as the TLS proxy in front of the server sets it.
        public var clientSubject: String?
        /// The body.
        public var body: Data
        /// The `X-Request-Id` header: the gateway request a push was made for.
        public var requestID: String? = nil

        /// Describes a request.
        public init(
            method: String,
            path: String,
            query: [String: String],
            contentType: String? = nil,
            authorization: String? = nil,
            clientVerify: String? = nil,
            clientSubject: String? = nil,
            body: Data
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.contentType = contentType
            self.authorization = authorization
            self.clientVerify = clientVerify
            self.clientSubject = clientSubject
            self.body = body
        }
    }

    /// A scripted answer for the next matching requests.
    public struct Fault: Sendable {
        /// The method it applies to; `nil` for every method.
        public var method: String?
        /// The HTTP status answered.
        public var status: Int
        /// The `Retry-After` seconds sent, if any.
        public var retryAfter: Int?
        /// How many more requests get it.
        public var remaining: Int
        /// Answer 200 and then never finish the body (until ``endWatches()``).
        public var hangs = false

        /// Describes a fault.
        public init(method: String? = nil, status: Int, retryAfter: Int? = nil, remaining: Int, hangs: Bool = false) {
            self.method = method
            self.status = status
            self.retryAfter = retryAfter
            self.remaining = remaining
            self.hangs = hangs
        }
    }

    struct Watcher {
        var plural: String
        var namespace: String?
        var continuation: AsyncStream<Data>.Continuation
    }

    var objects: [FakeObjectKey: [String: Any]] = [:]
    var history: [(version: Int, type: String, key: FakeObjectKey, object: Data)] = []
    var watchers: [UUID: Watcher] = [:]
    private var faults: [Fault] = []
    /// The last resource version handed out.
    public private(set) var resourceVersion: Int
    /// Watches from a version below this get a 410.
    var compactedBelow = 0
    /// With `true`, a too-old watch gets HTTP 410 instead of an `ERROR` event.
    var expiredWatchAsHTTPStatus = false
    /// Bearer tokens the server accepts; `nil` accepts any request.
    var acceptedTokens: Set<String>?
    /// Every request, in order.
    private(set) var requests: [RecordedRequest] = []

    /// Creates an empty store.
    /// - Parameter resourceVersion: The last resource version handed out; the first change gets the next.
    public init(resourceVersion: Int = 100) {
        self.resourceVersion = resourceVersion
    }

    /// How many watches are open.
    public var activeWatchers: Int { watchers.count }

    /// Sets the bearer tokens the server accepts; `nil` accepts any request.
    public func setAcceptedTokens(_ tokens: Set<String>?) { acceptedTokens = tokens }
    /// Makes watches from a version below `version` expire.
    public func setCompactedBelow(_ version: Int) { compactedBelow = version }
    /// With `true`, a too-old watch gets HTTP 410 instead of an `ERROR` event.
    public func setExpiredWatchAsHTTPStatus(_ value: Bool) { expiredWatchAsHTTPStatus = value }
    /// Scripts a fault for the next matching requests.
    public func addFault(_ fault: Fault) { faults.append(fault) }
    /// The requests that arrived, in order; only those of `method` when given.
    public func requests(method: String? = nil) -> [RecordedRequest] { requests.filter { method == nil || $0.method == method } }
    /// Logs a request that is answered without reaching the store (a fault scripted by the caller).
    public func log(_ request: RecordedRequest) { requests.append(request) }

    /// Handles one request.
    func handle(_ request: RecordedRequest) -> Answer {
        requests.append(request)
        if let index = faults.firstIndex(where: { $0.method == nil || $0.method == request.method }) {
            let fault = faults[index]
            faults[index].remaining -= 1
            if faults[index].remaining <= 0 { faults.remove(at: index) }
            if fault.hangs { return hangingAnswer() }
            let reason = fault.status == 429 ? "TooManyRequests" : "InternalError"
            var answer = Self.status(fault.status, reason: reason, message: "scripted fault")
            if let retryAfter = fault.retryAfter { answer.headers["Retry-After"] = "\(retryAfter)" }
            return answer
        }
        if let acceptedTokens {
            let token = request.authorization.flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
            guard let token, acceptedTokens.contains(token) else {
                return Self.status(401, reason: "Unauthorized", message: "Unauthorized")
            }
        }
        guard let route = FakeRoute(path: request.path) else {
            return Self.status(404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        switch (request.method, route.name) {
        case ("GET", nil) where request.query["watch"] == "true": return watch(route, request.query)
        case ("GET", nil): return list(route, request.query)
        case ("POST", nil): return create(route, request)
        case ("GET", let name?): return get(route, name)
        case ("PUT", let name?): return replace(route, name, request)
        case ("PATCH", let name?): return patch(route, name, request)
        case ("DELETE", let name?): return delete(route, name, request)
        default: return Self.status(405, reason: "MethodNotAllowed", message: "method not allowed")
        }
    }

    // MARK: - Verbs

    private func get(_ route: FakeRoute, _ name: String) -> Answer {
        guard let object = objects[route.key(name)] else { return notFound(route, name) }
        return Answer(status: 200, body: JSONDocument.data(object))
    }

    private func list(_ route: FakeRoute, _ query: [String: String]) -> Answer {
        if let field = query["fieldSelector"], !field.hasPrefix("metadata.name=") && !field.hasPrefix("metadata.namespace=") {
            let message = "\"\(field)\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
            return Self.status(400, reason: "BadRequest", message: message)
        }
        var items = objects.filter { key, object in
            key.plural == route.plural && (route.namespace == nil || key.namespace == route.namespace)
                && FakeSelectors.matches(object, labelSelector: query["labelSelector"], fieldSelector: query["fieldSelector"])
        }.sorted { $0.key < $1.key }.map(\.value)
        let offset = query["continue"].flatMap { Int($0) } ?? 0
        var metadata: [String: Any] = ["resourceVersion": "\(resourceVersion)"]
        if let limit = query["limit"].flatMap(Int.init), offset + limit < items.count {
            metadata["continue"] = "\(offset + limit)"
            metadata["remainingItemCount"] = items.count - offset - limit
            items = Array(items[offset..<(offset + limit)])
        } else {
            items = Array(items.dropFirst(offset))
        }
        let list: [String: Any] = ["kind": "List", "apiVersion": route.apiVersion, "metadata": metadata, "items": items]
        return Answer(status: 200, body: JSONDocument.data(list))
    }

    private func create(_ route: FakeRoute, _ request: RecordedRequest) -> Answer {
        guard var object = JSONDocument.object(request.body) else {
            return Self.status(400, reason: "BadRequest", message: "the body is not a JSON object")
        }
        var metadata = object["metadata"] as? [String: Any] ?? [:]
        guard let name = metadata["name"] as? String, !name.isEmpty else {
            return Self.invalid("metadata.name", "name or generateName is required")
        }
        if let namespace = metadata["namespace"] as? String, namespace != (route.namespace ?? "") {
            let message = "the namespace of the object does not match the namespace on the request"
            return Self.status(400, reason: "BadRequest", message: message)
        }
        let key = route.key(name)
        if objects[key] != nil {
            let message = "\(route.plural).\(route.group) \"\(name)\" already exists"
            return Self.status(409, reason: "AlreadyExists", message: message, name: name, route: route)
        }
        if request.query["dryRun"] == "All" { return Answer(status: 201, body: request.body) }
        resourceVersion += 1
        metadata["uid"] = UUID().uuidString.lowercased()
        metadata["resourceVersion"] = "\(resourceVersion)"
        metadata["generation"] = 1
        metadata["creationTimestamp"] = "2026-01-01T00:00:00Z"
        if let namespace = route.namespace { metadata["namespace"] = namespace }
        object["metadata"] = metadata
        store(key, object, event: "ADDED")
        return Answer(status: 201, body: JSONDocument.data(object))
    }

    private func replace(_ route: FakeRoute, _ name: String, _ request: RecordedRequest) -> Answer {
        guard let current = objects[route.key(name)] else { return notFound(route, name) }
        guard var object = JSONDocument.object(request.body) else {
            return Self.status(400, reason: "BadRequest", message: "the body is not a JSON object")
        }
        let given = (object["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? ""
        guard !given.isEmpty else { return Self.invalid("metadata.resourceVersion", "must be specified for an update") }
        guard given == FakeSelectors.resourceVersion(of: current) else { return conflict(route, name) }
        if route.subresource == "status" {
            var updated = current
            updated["status"] = object["status"]
            object = updated
        } else {
            object["status"] = current["status"]
        }
        return update(route, name, current: current, next: object)
    }

    private func patch(_ route: FakeRoute, _ name: String, _ request: RecordedRequest) -> Answer {
        let key = route.key(name)
        let contentType = request.contentType ?? ""
        guard let patch = JSONDocument.value(request.body) else {
            return Self.status(400, reason: "BadRequest", message: "the patch is not JSON")
        }
        switch contentType {
        case "application/apply-patch+yaml":
            guard let manager = request.query["fieldManager"], !manager.isEmpty else {
                let message = "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch"
                return Self.status(400, reason: "BadRequest", message: message)
            }
            guard let current = objects[key] else {
                return create(route, RecordedRequest(method: "POST", path: request.path, query: [:], body: request.body))
            }
            return update(route, name, current: current, next: JSONDocument.mergePatch(current, patch) as? [String: Any] ?? current)
        case "application/merge-patch+json":
            guard let current = objects[key] else { return notFound(route, name) }
            return update(route, name, current: current, next: JSONDocument.mergePatch(current, patch) as? [String: Any] ?? current)
        case "application/json-patch+json":
            guard let current = objects[key] else { return notFound(route, name) }
            guard let operations = patch as? [[String: Any]],
                let next = JSONDocument.jsonPatch(current, operations) as? [String: Any]
            else {
                return Self.invalid("patch", "the JSON patch cannot be applied")
            }
            return update(route, name, current: current, next: next)
        default:
            let message =
                "the body of the request was in an unknown format - accepted media types include: "
                + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
            return Self.status(415, reason: "UnsupportedMediaType", message: message)
        }
    }

    private func delete(_ route: FakeRoute, _ name: String, _ request: RecordedRequest) -> Answer {
        let key = route.key(name)
        guard let current = objects[key] else { return notFound(route, name) }
        objects[key] = nil
        resourceVersion += 1
        var last = current
        var metadata = last["metadata"] as? [String: Any] ?? [:]
        metadata["resourceVersion"] = "\(resourceVersion)"
        last["metadata"] = metadata
        record("DELETED", key, last)
        let status: [String: Any] = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success",
            "details": ["name": name, "group": route.group, "kind": route.plural, "uid": metadata["uid"] ?? ""],
        ]
        return Answer(status: 200, body: JSONDocument.data(status))
    }

    private func update(_ route: FakeRoute, _ name: String, current: [String: Any], next: [String: Any]) -> Answer {
        var object = next
        var metadata = current["metadata"] as? [String: Any] ?? [:]
        let serverSet = ["uid", "resourceVersion", "creationTimestamp", "generation"]
        for (key, value) in next["metadata"] as? [String: Any] ?? [:] where !serverSet.contains(key) {
            metadata[key] = value
        }
        if JSONDocument.data(current) != JSONDocument.data(object) {
            resourceVersion += 1
            metadata["resourceVersion"] = "\(resourceVersion)"
            object["metadata"] = metadata
            store(route.key(name), object, event: "MODIFIED")
        } else {
            object = current
        }
        return Answer(status: 200, body: JSONDocument.data(object))
    }

    private func store(_ key: FakeObjectKey, _ object: [String: Any], event: String) {
        objects[key] = object
        record(event, key, object)
    }

    private func record(_ type: String, _ key: FakeObjectKey, _ object: [String: Any]) {
        let data = JSONDocument.data(object)
        history.append((resourceVersion, type, key, data))
        let line = Self.line(type: type, objectJSON: data)
        for watcher in watchers.values where watcher.plural == key.plural && [nil, key.namespace].contains(watcher.namespace) {
            watcher.continuation.yield(line)
        }
    }
}
