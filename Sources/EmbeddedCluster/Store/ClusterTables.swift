import Foundation
import GRDB
import GatewayCore

/// A row of `cluster_objects`: one stored object.
struct ObjectRow: Sendable, Equatable {
    var namespace: String
    var name: String
    var uid: String
    var resourceVersion: Int64
    var object: JSONValue

    init(namespace: String, name: String, uid: String, resourceVersion: Int64, object: JSONValue) {
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.object = object
    }

    init(row: Row) throws {
        namespace = row["namespace"]
        name = row["name"]
        uid = row["uid"]
        resourceVersion = row["resource_version"]
        object = try JSONValue(parsing: Array((row["object"] as String).utf8))
    }

    /// The object with `key` (namespace, name).
    static func fetch(_ db: Database, namespace: String, name: String) throws -> ObjectRow? {
        try Row.fetchOne(
            db,
            sql: "SELECT * FROM cluster_objects WHERE namespace = ? AND name = ?",
            arguments: [namespace, name]
        ).map(ObjectRow.init(row:))
    }

    /// Objects of `kind` in key order, strictly after `after` when given, in `namespace` when given.
    static func fetchAll(_ db: Database, kind: ResourceKind, namespace: String?, after: ObjectKey?) throws -> [ObjectRow] {
        var conditions: [String] = [kindCondition(kind)]
        var arguments: StatementArguments = kindArguments(kind)
        if let namespace {
            conditions.append("namespace = ?")
            arguments += [namespace]
        }
        if let after {
            conditions.append("(namespace > ? OR (namespace = ? AND name > ?))")
            arguments += [after.namespace, after.namespace, after.name]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(
            db,
            sql: "SELECT * FROM cluster_objects \(filter) ORDER BY namespace, name",
            arguments: arguments
        ).map(ObjectRow.init(row:))
    }

    /// The SQL condition selecting the keys of `kind` (see ``ResourceKind/storagePrefix``).
    static func kindCondition(_ kind: ResourceKind) -> String {
        kind.storagePrefix.isEmpty ? "instr(name, '/') = 0" : "substr(name, 1, ?) = ?"
    }

    /// The arguments of ``kindCondition(_:)``.
    static func kindArguments(_ kind: ResourceKind) -> StatementArguments {
        kind.storagePrefix.isEmpty ? [] : [kind.storagePrefix.utf8.count, kind.storagePrefix]
    }

    /// Inserts or replaces the row.
    func save(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO cluster_objects (namespace, name, uid, resource_version, object) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (namespace, name) DO UPDATE SET
                    uid = excluded.uid, resource_version = excluded.resource_version, object = excluded.object
                """,
            arguments: [namespace, name, uid, resourceVersion, object.compactString]
        )
    }

    /// Deletes the row.
    static func delete(_ db: Database, namespace: String, name: String) throws {
        try db.execute(sql: "DELETE FROM cluster_objects WHERE namespace = ? AND name = ?", arguments: [namespace, name])
    }
}

/// The storage key of an object: namespace, then name.
struct ObjectKey: Sendable, Hashable, Comparable {
    var namespace: String
    var name: String

    static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}

/// The kind of a stored change.
enum ChangeType: String, Sendable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
}

/// A row of `cluster_events`: one committed change, at its resourceVersion.
struct StoredEvent: Sendable, Equatable {
    var resourceVersion: Int64
    var type: ChangeType
    var namespace: String
    var name: String
    /// The state after the change; for DELETED the last state, stamped with this resourceVersion.
    var object: JSONValue
    /// The state before (MODIFIED, DELETED).
    var previous: JSONValue?

    var key: ObjectKey { ObjectKey(namespace: namespace, name: name) }

    init(resourceVersion: Int64, type: ChangeType, namespace: String, name: String, object: JSONValue, previous: JSONValue?) {
        self.resourceVersion = resourceVersion
        self.type = type
        self.namespace = namespace
        self.name = name
        self.object = object
        self.previous = previous
    }

    init(row: Row) throws {
        resourceVersion = row["resource_version"]
        type = ChangeType(rawValue: row["type"]) ?? .modified
        namespace = row["namespace"]
        name = row["name"]
        object = try JSONValue(parsing: Array((row["object"] as String).utf8))
        previous = try (row["previous_object"] as String?).map { text in try JSONValue(parsing: Array(text.utf8)) }
    }

    func insert(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO cluster_events (resource_version, type, namespace, name, object, previous_object)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [resourceVersion, type.rawValue, namespace, name, object.compactString, previous?.compactString]
        )
    }

    /// Events of `kind` after `resourceVersion`, oldest first; only those of `namespace` and after `key`, when given.
    static func fetchAll(
        _ db: Database,
        kind: ResourceKind,
        after resourceVersion: Int64,
        namespace: String? = nil,
        afterKey key: ObjectKey? = nil
    ) throws -> [StoredEvent] {
        var sql = "SELECT * FROM cluster_events WHERE resource_version > ? AND \(ObjectRow.kindCondition(kind))"
        var arguments: StatementArguments = [resourceVersion]
        arguments += ObjectRow.kindArguments(kind)
        if let namespace {
            sql += " AND namespace = ?"
            arguments += [namespace]
        }
        if let key {
            sql += " AND (namespace > ? OR (namespace = ? AND name > ?))"
            arguments += [key.namespace, key.namespace, key.name]
        }
        return try Row.fetchAll(db, sql: sql + " ORDER BY resource_version", arguments: arguments).map(StoredEvent.init(row:))
    }
}

/// The global resourceVersion counter and the event-history horizon (`cluster_state`).
enum ClusterCounter {
    /// The last resourceVersion handed out.
    static func current(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT resource_version FROM cluster_state WHERE id = 1") ?? 1
    }

    /// The oldest resourceVersion a watch or continue token may start from.
    static func compacted(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT compacted_resource_version FROM cluster_state WHERE id = 1") ?? 1
    }

    /// Takes the next resourceVersion.
    static func next(_ db: Database) throws -> Int64 {
        try db.execute(sql: "UPDATE cluster_state SET resource_version = resource_version + 1 WHERE id = 1")
        return try current(db)
    }

    /// Drops events beyond the newest `limit` and moves the horizon accordingly.
    static func prune(_ db: Database, keeping limit: Int) throws {
        let horizon = try current(db) - Int64(limit)
        guard horizon > (try compacted(db)) else { return }
        try db.execute(sql: "DELETE FROM cluster_events WHERE resource_version <= ?", arguments: [horizon])
        try db.execute(sql: "UPDATE cluster_state SET compacted_resource_version = ? WHERE id = 1", arguments: [horizon])
    }
}
