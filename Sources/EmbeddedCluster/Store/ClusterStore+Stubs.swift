import Foundation
import GatewayCore
import GRDB

// Temporary: the implementations replace these one by one.

struct ObjectRow {
    var object: JSONValue
    static func fetch(_ db: Database, namespace: String, name: String) throws -> ObjectRow? { nil }
}

enum ClusterCounter {
    static func current(_ db: Database) throws -> Int64 { 0 }
    static func compacted(_ db: Database) throws -> Int64 { 0 }
}

struct ListQuery {
    init(namespace: String?, labelSelector: String?, fieldSelector: String?, limit: Int?, continueToken: String?)
        throws(KubeStatusError)
    {}
}

struct PatchDocument {
    init(type: PatchType, body: Data) throws(KubeStatusError) {}
}

final class WatchHub: Sendable {}

final class WatchSubscriber: Sendable {
    func requestBookmark() {}
    func finish() {}
}

extension ClusterStore {
    func perform<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(KubeStatusError) -> T {
        throw .internalError("not implemented")
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(KubeStatusError) -> T {
        throw .internalError("not implemented")
    }

    func createObject(_ db: Database, namespace: String, body: JSONValue, fieldManager: String?) throws -> JSONValue {
        throw KubeStatusError.internalError("not implemented")
    }

    func listObjects(_ db: Database, _ query: ListQuery) throws -> ObjectList {
        throw KubeStatusError.internalError("not implemented")
    }

    func replaceObject(
        _ db: Database, namespace: String, name: String, body: JSONValue, subresource: Subresource, fieldManager: String?
    ) throws -> JSONValue {
        throw KubeStatusError.internalError("not implemented")
    }

    func patchObject(
        _ db: Database, namespace: String, name: String, document: PatchDocument, subresource: Subresource,
        fieldManager: String?
    ) throws -> WriteResult {
        throw KubeStatusError.internalError("not implemented")
    }

    func deleteObject(_ db: Database, namespace: String, name: String, preconditions: DeletePreconditions) throws
        -> DeleteResult
    {
        throw KubeStatusError.internalError("not implemented")
    }

    func controllerUpdate(
        _ db: Database, namespace: String, name: String, fieldManager: String,
        change: @Sendable (inout JSONValue) -> Void
    ) throws -> JSONValue? {
        throw KubeStatusError.internalError("not implemented")
    }

    func startWatch(_ request: WatchRequest) async throws(KubeStatusError) -> ClusterWatch {
        throw .internalError("not implemented")
    }
}
