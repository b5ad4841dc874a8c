import Foundation
import GRDB
import GatewayCore

extension ClusterStore {
    func patchObject(
        _ db: Database,
        namespace: String,
        name: String,
        document: PatchDocument,
        subresource: Subresource,
        fieldManager: String?,
        authority: WriteAuthority
    ) throws -> WriteResult {
        let old = try ObjectRow.fetch(db, namespace: namespace, name: name)
        let patched: JSONValue
        var managed: ManagedFields
        switch document {
        case .merge(let patch):
            guard let old else { throw KubeStatusError.notFound(name) }
            patched = JSONMergePatch.apply(patch, to: old.object)
            managed = ManagedFields(of: old.object)
        case .json(let patch):
            guard let old else { throw KubeStatusError.notFound(name) }
            do {
                patched = try patch.apply(to: old.object)
            } catch {
                throw KubeStatusError(code: 422, reason: "Invalid", message: error.message)
            }
            managed = ManagedFields(of: old.object)
        case .apply(let applied, let manager, let force):
            return try applyObject(
                db,
                old: old,
                namespace: namespace,
                name: name,
                applied: applied,
                manager: manager,
                force: force,
                subresource: subresource,
                authority: authority
            )
        }
        guard let old else { throw KubeStatusError.notFound(name) }
        try MetadataRules.checkTypeMeta(patched)
        try Self.checkIdentity(patched, namespace: namespace, name: name)
        try Self.checkPrecondition(patched, old: old, name: name)
        let candidate = try Self.prepareForUpdate(old: old.object, new: patched, subresource: subresource, name: name)
        try admit(old: old.object, new: candidate, authority: authority)
        managed.recordUpdate(manager: fieldManager, old: old.object, new: candidate, subresource: subresource, time: timestampNow)
        return WriteResult(object: try commitUpdate(db, old: old, candidate: candidate, managedFields: managed), created: false)
    }

    /// A `metadata.resourceVersion` left in a patched object must be the stored one.
    static func checkPrecondition(_ patched: JSONValue, old: ObjectRow, name: String) throws(KubeStatusError) {
        if let version = patched[path: ["metadata", "resourceVersion"]]?.stringValue, !version.isEmpty,
            version != String(old.resourceVersion)
        {
            throw .conflict(name)
        }
    }

    private func applyObject(
        _ db: Database,
        old: ObjectRow?,
        namespace: String,
        name: String,
        applied: JSONValue,
        manager: String,
        force: Bool,
        subresource: Subresource,
        authority: WriteAuthority
    ) throws -> WriteResult {
        try MetadataRules.checkTypeMeta(applied)
        guard applied["apiVersion"] != nil, applied["kind"] != nil else {
            throw KubeStatusError.badRequest("an applied configuration must set apiVersion and kind")
        }
        var configuration = applied
        if configuration[path: ["metadata", "name"]] == nil { configuration[path: ["metadata", "name"]] = .string(name) }
        try Self.checkIdentity(configuration, namespace: namespace, name: name)
        let time = timestampNow
        guard let old else {
            guard subresource == .main else { throw KubeStatusError.notFound(name) }
            var object = try prepareForCreate(configuration, namespace: namespace)
            try admit(old: nil, new: object, authority: authority)
            let (_, managed) = try ServerSideApply.apply(
                configuration,
                to: nil,
                manager: manager,
                force: force,
                time: time,
                name: name
            )
            object[path: ["metadata", "managedFields"]] = managed.json
            return WriteResult(object: try record(db, .added, object: MetadataRules.normalized(object), previous: nil), created: true)
        }
        try Self.checkPrecondition(configuration, old: old, name: name)
        configuration[path: ["metadata", "resourceVersion"]] = nil
        if subresource == .status {
            var patched = old.object
            patched["status"] = ServerSideApply.merge(configuration["status"] ?? .null, into: old.object["status"] ?? [:])
            let candidate = try Self.prepareForUpdate(old: old.object, new: patched, subresource: .status, name: name)
            var managed = ManagedFields(of: old.object)
            managed.recordUpdate(manager: manager, old: old.object, new: candidate, subresource: .status, time: time)
            return WriteResult(object: try commitUpdate(db, old: old, candidate: candidate, managedFields: managed), created: false)
        }
        let (merged, managed) = try ServerSideApply.apply(
            configuration,
            to: old.object,
            manager: manager,
            force: force,
            time: time,
            name: name
        )
        let candidate = try Self.prepareForUpdate(old: old.object, new: merged, subresource: .main, name: name)
        try admit(old: old.object, new: candidate, authority: authority)
        return WriteResult(object: try commitUpdate(db, old: old, candidate: candidate, managedFields: managed), created: false)
    }
}
