import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle

extension EmbeddedClusterAPI {
    /// `GET …/{plural}`: one page of the list, as JSON or (when asked) as a `Table`.
    func list(_ target: CollectionTarget, query: KubeQuery, accept: String?) async throws -> Response {
        let page = try await store.list(
            kind: target.kind,
            namespace: target.namespace,
            labelSelector: query.string("labelSelector"),
            fieldSelector: query.string("fieldSelector"),
            limit: try query.count("limit"),
            continueToken: query.string("continue")
        )
        if let table = KubeTable.negotiate(accept: accept) {
            let rendered = KubeTable.render(
                page,
                kind: target.kind,
                apiVersion: target.kind.apiVersion(target.version),
                now: store.configuration.now(),
                includeObject: query.string("includeObject")
            )
            return KubeResponse.json(rendered, contentType: table)
        }
        return KubeResponse.json(page.json(apiVersion: target.kind.apiVersion(target.version), listKind: target.kind.listKind))
    }

    /// `GET …/{plural}?watch=true`: a chunked stream of compact `{"type":…,"object":…}` lines,
    /// each written (and so flushed) as it happens.
    ///
    /// The stream ends after `timeoutSeconds` (or ``Configuration/defaultWatchTimeout``), after an
    /// `ERROR` event (410 for a resourceVersion older than the history), when the gateway shuts
    /// down, or when a write fails because the client went away. With `allowWatchBookmarks=true`
    /// a `BOOKMARK` is asked for every ``Configuration/bookmarkInterval``.
    func watch(
        _ target: CollectionTarget,
        query: KubeQuery,
        accept: String?,
        context: some RequestContext
    ) async throws -> Response {
        let allowBookmarks = try query.bool("allowWatchBookmarks") ?? false
        let request = WatchRequest(
            kind: target.kind,
            namespace: target.namespace,
            resourceVersion: query.string("resourceVersion"),
            resourceVersionMatch: query.string("resourceVersionMatch"),
            labelSelector: query.string("labelSelector"),
            fieldSelector: query.string("fieldSelector"),
            allowBookmarks: allowBookmarks,
            sendInitialEvents: try query.bool("sendInitialEvents")
        )
        let timeout =
            try query.count("timeoutSeconds").flatMap { $0 > 0 ? Duration.seconds($0) : nil }
            ?? configuration.defaultWatchTimeout
        let bookmarkInterval = configuration.bookmarkInterval
        let kind = target.kind
        let apiVersion = kind.apiVersion(target.version)
        if let text = request.resourceVersion, let requested = Int64(text) {
            let current = try await store.currentResourceVersion()
            if let latest = Int64(current), requested > latest {
                throw KubeStatusError.resourceVersionTooLarge(requested: requested, current: latest)
            }
        }
        let clusterWatch = try await store.watch(request)
        let logger = context.logger
        let table = KubeTable.negotiate(accept: accept) != nil
        let now = store.configuration.now

        let body = ResponseBody { writer in
            defer { clusterWatch.stop() }
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await Task.sleep(for: timeout)
                        clusterWatch.stop()
                    }
                    if allowBookmarks {
                        group.addTask {
                            while true {
                                try await Task.sleep(for: bookmarkInterval)
                                clusterWatch.requestBookmark()
                            }
                        }
                    }
                    func line(_ event: WatchEvent) -> ByteBuffer {
                        guard table else { return clusterWatch.line(for: event, apiVersion: apiVersion, kind: kind.kind) }
                        var line = Self.frame(event, kind: kind, apiVersion: apiVersion, table: table, now: now).compactData
                        line.append(0x0A)
                        return ByteBuffer(bytes: line)
                    }
                    // Events already waiting go out in one write: with hundreds of watches, one
                    // write per event per watch is what keeps the event loops from other requests.
                    var events = clusterWatch.makeAsyncIterator()
                    var taken = 0
                    while let event = await events.next() {
                        taken += 1
                        var batch = line(event)
                        while taken < clusterWatch.eventsReceived, batch.readableBytes < Self.watchBatchBytes,
                            let next = await events.next()
                        {
                            taken += 1
                            var more = line(next)
                            batch.writeBuffer(&more)
                        }
                        try await writer.write(batch)
                    }
                    group.cancelAll()
                }
            } onGracefulShutdown: {
                clusterWatch.stop()
            }
            logger.debug("embedded cluster watch ended")
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: KubeResponse.contentType, .cacheControl: "no-cache, private"],
            body: body
        )
    }

    /// The most bytes of waiting events a watch writes at once.
    static let watchBatchBytes = 64 * 1024

    /// One watch frame; with `table`, an object event carries a one-row `Table` as `kubectl get --watch` asks.
    static func frame(_ event: WatchEvent, kind: ResourceKind, apiVersion: String, table: Bool, now: () -> Date) -> JSONValue {
        switch event {
        case .added, .modified, .deleted:
            guard table else { return event.frame(apiVersion: apiVersion, kind: kind.kind) }
            let rendered = KubeTable.table([event.object(apiVersion: apiVersion)], kind: kind, now: now(), includeObject: nil)
            return ["type": .string(event.type), "object": rendered]
        case .bookmark, .error:
            return event.frame(apiVersion: apiVersion, kind: kind.kind)
        }
    }
}
