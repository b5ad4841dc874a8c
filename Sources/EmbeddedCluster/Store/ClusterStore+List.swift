import Foundation
import GRDB
import GatewayCore

/// A parsed list request.
struct ListQuery: Sendable {
    var kind: ResourceKind
    var namespace: String?
    var labels: LabelSelector
    var fields: FieldSelector
    var limit: Int
    var continueFrom: ContinueToken?

    init(
        kind: ResourceKind,
        namespace: String?,
        labelSelector: String?,
        fieldSelector: String?,
        limit: Int?,
        continueToken: String?
    )
        throws(KubeStatusError)
    {
        self.kind = kind
        self.namespace = namespace
        labels = try LabelSelector(parsing: labelSelector)
        fields = try FieldSelector(parsing: fieldSelector, selectable: kind.selectableFields)
        if let limit, limit < 0 { throw .badRequest("limit must be a non-negative integer, not \(limit)") }
        self.limit = limit ?? 0
        continueFrom = try continueToken.flatMap { text throws(KubeStatusError) in
            text.isEmpty ? nil : try ContinueToken(parsing: text)
        }
    }

    func selects(_ key: ObjectKey, _ object: JSONValue) -> Bool {
        guard let name = kind.objectName(ofStorageName: key.name) else { return false }
        return (namespace == nil || key.namespace == namespace) && fields.matches(namespace: key.namespace, name: name, object: object)
            && labels.matches(object: object)
    }

    var hasSelector: Bool { !labels.requirements.isEmpty || !fields.requirements.isEmpty }
}

extension ClusterStore {
    /// The message of a 410 for a continue token older than the event history.
    static let expiredContinueMessage =
        "The provided continue parameter is too old to display a consistent list result. You can start a new list "
        + "without the continue parameter, or use the continue token in this response to retrieve the remainder of the "
        + "results. Continuing with the provided token results in an inconsistent list - objects that were created, "
        + "modified, or deleted between the time the first chunk was returned and now may show up in the list."

    func listObjects(_ db: Database, _ query: ListQuery) throws -> ObjectList {
        let current = try ClusterCounter.current(db)
        var snapshot = current
        var objects: [ObjectKey: JSONValue] = [:]
        let after = query.continueFrom?.after
        for row in try ObjectRow.fetchAll(db, kind: query.kind, namespace: query.namespace, after: after) {
            objects[ObjectKey(namespace: row.namespace, name: row.name)] = row.object
        }
        if let token = query.continueFrom, token.resourceVersion < current {
            guard token.resourceVersion >= (try ClusterCounter.compacted(db)) else {
                throw KubeStatusError.expired(Self.expiredContinueMessage)
            }
            snapshot = token.resourceVersion
            // Roll the objects back to the first page's resourceVersion, newest change first.
            let events = try StoredEvent.fetchAll(
                db,
                kind: query.kind,
                after: token.resourceVersion,
                namespace: query.namespace,
                afterKey: after
            )
            for event in events.reversed() {
                switch event.type {
                case .added: objects[event.key] = nil
                case .modified, .deleted: objects[event.key] = event.previous
                }
            }
        }
        let keys = objects.keys.sorted()
        var items: [JSONValue] = []
        var lastKey: ObjectKey?
        var consumed = 0
        for key in keys {
            if query.limit > 0, items.count == query.limit { break }
            consumed += 1
            guard let object = objects[key], query.selects(key, object) else { continue }
            items.append(object)
            lastKey = key
        }
        let hasMore = query.limit > 0 && items.count == query.limit && consumed < keys.count
        var token: String?
        var remaining: Int64?
        if hasMore, let lastKey {
            token = ContinueToken(resourceVersion: snapshot, after: lastKey).encoded
            if !query.hasSelector { remaining = Int64(keys.count - consumed) }
        }
        return ObjectList(items: items, resourceVersion: String(snapshot), continueToken: token, remainingItemCount: remaining)
    }
}
