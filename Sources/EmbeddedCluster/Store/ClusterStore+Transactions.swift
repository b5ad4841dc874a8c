import Foundation
import GRDB
import GatewayCore
import GatewayPersistence

extension ClusterStore {
    /// Runs `body` atomically and durably: in its own savepoint of a group-committed transaction,
    /// returning after the commit. A ``KubeStatusError`` rolls it back and is rethrown; a full disk
    /// is ``KubeStatusError/storageFull``; any other failure becomes a 500 that names no storage
    /// internals.
    func perform<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(KubeStatusError) -> T {
        let pending = self.pending
        do {
            return try await database.committer.write { db in
                let mark = pending.mark
                do {
                    return try body(db)
                } catch {
                    pending.discard(from: mark)
                    throw error
                }
            }
        } catch let error as KubeStatusError {
            throw error
        } catch let error as StoreError where error.code == .storageFull {
            throw .storageFull
        } catch {
            throw .internalError("the embedded cluster's storage failed to write")
        }
    }

    /// Runs `body` in one read transaction (a consistent snapshot).
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(KubeStatusError) -> T {
        do {
            return try await database.writer.read(body)
        } catch let error as KubeStatusError {
            throw error
        } catch {
            throw .internalError("the embedded cluster's storage failed to read")
        }
    }

    /// Records a committed change: takes the next resourceVersion, stamps it on `object`, stores
    /// the object (or removes it for DELETED), appends the event, prunes the history, and
    /// schedules the event's delivery to watchers once the transaction commits.
    /// - Returns: the object as stored (with its new resourceVersion).
    func record(_ db: Database, kind: ResourceKind, _ type: ChangeType, object: JSONValue, previous: JSONValue?) throws -> JSONValue {
        let resourceVersion = try ClusterCounter.next(db)
        var stored = object
        stored[path: ["metadata", "resourceVersion"]] = .string(String(resourceVersion))
        let namespace = stored[path: ["metadata", "namespace"]]?.stringValue ?? ""
        let name = kind.storageName(stored[path: ["metadata", "name"]]?.stringValue ?? "")
        if type == .deleted {
            try ObjectRow.delete(db, namespace: namespace, name: name)
        } else {
            try ObjectRow(
                namespace: namespace,
                name: name,
                uid: stored[path: ["metadata", "uid"]]?.stringValue ?? "",
                resourceVersion: resourceVersion,
                object: stored
            ).save(db)
        }
        let event = StoredEvent(
            resourceVersion: resourceVersion,
            type: type,
            namespace: namespace,
            name: name,
            object: stored,
            previous: previous
        )
        try event.insert(db)
        try ClusterCounter.prune(db, keeping: configuration.eventHistoryLimit)
        pending.add(event, in: db, publishingTo: hub)
        return stored
    }

    /// Stores `candidate` as the new state of `old`, unless nothing changed (then `old` is returned
    /// and nothing is written). A terminating object whose finalizers are now empty is removed.
    func commitUpdate(_ db: Database, kind: ResourceKind, old: ObjectRow, candidate: JSONValue, managedFields: ManagedFields?) throws -> JSONValue {
        var next = MetadataRules.normalized(candidate)
        let previousFields = ManagedFields(of: old.object)
        let fields = managedFields ?? previousFields
        next[path: ["metadata", "managedFields"]] = fields.json
        next[path: ["metadata", "resourceVersion"]] = old.object[path: ["metadata", "resourceVersion"]]
        next = MetadataRules.normalized(next)
        if Self.withoutManagedFields(next) == Self.withoutManagedFields(old.object),
            Self.ownership(fields) == Self.ownership(previousFields)
        {
            return old.object
        }
        if MetadataRules.isTerminating(next), MetadataRules.finalizers(of: next).isEmpty {
            return try record(db, kind: kind, .deleted, object: next, previous: old.object)
        }
        return try record(db, kind: kind, .modified, object: next, previous: old.object)
    }

    private static func withoutManagedFields(_ object: JSONValue) -> JSONValue {
        var copy = object
        copy[path: ["metadata", "managedFields"]] = nil
        return copy
    }

    private static func ownership(_ fields: ManagedFields) -> [String] {
        fields.entries.filter { !$0.fields.isEmpty }.map { entry in
            "\(entry.manager)|\(entry.operation)|\(entry.subresource ?? "")|"
                + entry.fields.map { $0.joined(separator: ".") }.sorted().joined(separator: ",")
        }.sorted()
    }

    /// The current time as `metav1.Time` text.
    var timestampNow: String {
        MetadataRules.timestamp(configuration.now())
    }
}
