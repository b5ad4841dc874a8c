import Foundation

/// Watches of the fake API server: replay from a resource version, live events, bookmarks, 410.
extension FakeKubernetesStore {
    func watch(_ route: FakeRoute, _ query: [String: String]) -> Answer {
        let from = query["resourceVersion"].flatMap(Int.init) ?? 0
        var lines: [Data] = []
        if from != 0 && from < compactedBelow {
            let message = "too old resource version: \(from) (\(compactedBelow))"
            if expiredWatchAsHTTPStatus { return Self.status(410, reason: "Expired", message: message) }
            let error = Self.status(410, reason: "Expired", message: message).body
            lines.append(Self.line(type: "ERROR", objectJSON: error))
            return Answer(
                status: 200,
                body: Data(),
                stream: AsyncStream {
                    for line in lines { $0.yield(line) }
                    $0.finish()
                }
            )
        }
        if from == 0 {
            let current = objects.sorted { $0.key < $1.key }
            for (key, object) in current where key.plural == route.plural && [nil, key.namespace].contains(route.namespace) {
                lines.append(Self.line(type: "ADDED", objectJSON: JSONDocument.data(object)))
            }
        } else {
            for entry in history
            where entry.version > from && entry.key.plural == route.plural
                && (route.namespace == nil || entry.key.namespace == route.namespace)
            {
                lines.append(Self.line(type: entry.type, objectJSON: entry.object))
            }
        }
        if query["allowWatchBookmarks"] == "true" { lines.append(bookmark(route)) }
        let (stream, continuation) = AsyncStream.makeStream(of: Data.self)
        for line in lines { continuation.yield(line) }
        let id = UUID()
        watchers[id] = Watcher(plural: route.plural, namespace: route.namespace, continuation: continuation)
        continuation.onTermination = { _ in Task { await self.removeWatcher(id) } }
        return Answer(status: 200, body: Data(), stream: stream)
    }

    // MARK: - Watchers

    func removeWatcher(_ id: UUID) { watchers[id] = nil }

    /// Ends every open watch, as the server does at `timeoutSeconds` or on shutdown.
    public func endWatches() {
        for watcher in watchers.values { watcher.continuation.finish() }
        watchers = [:]
    }

    /// Sends a `BOOKMARK` at the current version to every watcher.
    public func sendBookmarks() {
        for watcher in watchers.values {
            watcher.continuation.yield(bookmark(FakeRoute(group: "", version: "", plural: watcher.plural)))
        }
    }

    func bookmark(_ route: FakeRoute) -> Data {
        let object: [String: Any] = [
            "kind": "Bookmark", "apiVersion": route.apiVersion, "metadata": ["resourceVersion": "\(resourceVersion)"],
        ]
        return Self.line(type: "BOOKMARK", objectJSON: JSONDocument.data(object))
    }

    /// A 200 whose body never ends, for timeout and cancellation tests.
    func hangingAnswer() -> Answer {
        let (stream, continuation) = AsyncStream.makeStream(of: Data.self)
        continuation.yield(Data("{".utf8))
        watchers[UUID()] = Watcher(plural: "", namespace: nil, continuation: continuation)
        return Answer(status: 200, body: Data(), stream: stream)
    }
}
