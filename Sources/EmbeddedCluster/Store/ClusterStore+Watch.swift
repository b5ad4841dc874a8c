import GRDB
import GatewayCore

extension ClusterStore {
    func startWatch(_ request: WatchRequest) async throws(KubeStatusError) -> ClusterWatch {
        let filter = WatchFilter(
            kind: request.kind,
            namespace: request.namespace,
            labels: try LabelSelector(parsing: request.labelSelector),
            fields: try FieldSelector(parsing: request.fieldSelector, selectable: request.kind.selectableFields)
        )
        try Self.validateWatchOptions(request)
        let requested = request.resourceVersion ?? ""
        let startVersion: Int64?
        if requested.isEmpty || requested == "0" {
            startVersion = nil
        } else if let version = Int64(requested), version > 0 {
            startVersion = version
        } else {
            throw .badRequest("invalid resource version \"\(requested)\": it must be a positive integer")
        }
        let sendsInitialState = request.sendInitialEvents ?? (startVersion == nil)
        // What precedes the live stream is handed over at once, so it must fit beside the live
        // backlog: otherwise a store with more objects than the backlog closes every new watch.
        let preceding =
            sendsInitialState
            ? try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cluster_objects") ?? 0 }
            : configuration.eventHistoryLimit
        let (stream, continuation) = AsyncStream.makeStream(
            of: WatchEvent.self,
            bufferingPolicy: .bufferingOldest(ClusterWatch.maximumBacklog + preceding + 1)
        )
        let subscriber = WatchSubscriber(
            filter: filter,
            allowBookmarks: request.allowBookmarks,
            continuation: continuation
        )
        let hub = self.hub
        let id = ObjectIdentifier(subscriber)
        continuation.onTermination = { _ in hub.remove(id) }
        hub.add(subscriber)
        let watch = ClusterWatch(events: stream, subscriber: subscriber, frames: hub.frames)
        do {
            try await loadStart(subscriber, filter: filter, from: startVersion, initialState: sendsInitialState, request)
        } catch {
            subscriber.finish()
            throw error
        }
        return watch
    }

    /// Reads what precedes the live stream (history after the resourceVersion, or the current
    /// objects as ADDED events) in one snapshot and hands it to the subscriber.
    private func loadStart(
        _ subscriber: WatchSubscriber,
        filter: WatchFilter,
        from startVersion: Int64?,
        initialState: Bool,
        _ request: WatchRequest
    ) async throws(KubeStatusError) {
        enum Start: Sendable {
            case expired(KubeStatusError)
            case events([WatchEvent], through: Int64)
        }
        let start = try await read { db -> Start in
            let current = try ClusterCounter.current(db)
            if initialState {
                var events: [WatchEvent] = []
                for row in try ObjectRow.fetchAll(db, kind: filter.kind, namespace: filter.namespace, after: nil)
                where filter.inScope(namespace: row.namespace, storageName: row.name, object: row.object)
                    && filter.labels.matches(object: row.object)
                {
                    events.append(.added(row.object))
                }
                if request.sendInitialEvents == true {
                    events.append(.bookmark(resourceVersion: String(current), initialEventsEnd: true))
                }
                return .events(events, through: current)
            }
            let from = startVersion ?? current
            let compacted = try ClusterCounter.compacted(db)
            guard from >= compacted else {
                return .expired(.tooOldResourceVersion(requested: from, oldest: compacted))
            }
            let history = try StoredEvent.fetchAll(db, kind: filter.kind, after: from).filter { $0.resourceVersion <= current }
            return .events(history.compactMap(filter.translate), through: max(current, from))
        }
        switch start {
        case .expired(let error): subscriber.fail(error)
        case .events(let events, let through): subscriber.catchUp(with: events, through: through)
        }
    }

    /// The apiserver's rules for `sendInitialEvents`, `resourceVersionMatch` and `allowWatchBookmarks` on a watch.
    static func validateWatchOptions(_ request: WatchRequest) throws(KubeStatusError) {
        var causes: [KubeStatusError.Cause] = []
        if request.sendInitialEvents != nil {
            if request.resourceVersionMatch != "NotOlderThan" {
                causes.append(
                    KubeStatusError.forbiddenValue(
                        "resourceVersionMatch",
                        "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"
                    )
                )
            }
            if !request.allowBookmarks {
                causes.append(
                    KubeStatusError.forbiddenValue("allowWatchBookmarks", "sendInitialEvents requires setting allowWatchBookmarks to true")
                )
            }
        } else if let match = request.resourceVersionMatch, !match.isEmpty {
            causes.append(
                KubeStatusError.forbiddenValue(
                    "resourceVersionMatch",
                    "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"
                )
            )
        }
        if !causes.isEmpty { throw .invalid(kind: "ListOptions", group: "meta.k8s.io", name: "", causes) }
    }
}
