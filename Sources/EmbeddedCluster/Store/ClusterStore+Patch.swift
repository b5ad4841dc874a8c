import Foundation
import GRDB
import GatewayCore

extension ClusterStore {
    func patchObject(
        _ db: Database,
        kind: ResourceKind,
        namespace: String,
        name: String,
        document: PatchDocument,
        subresource: Subresource,
        fieldManager: String?,
        authority: WriteAuthority
    ) throws -> WriteResult {
        let old = try ObjectRow.fetch(db, namespace: namespace, name: kind.storageName(name))
        let patched: JSONValue
        var managed: ManagedFields
        switch document {
        case .merge(let patch):
            guard let old else { throw KubeStatusError.notFound(name, kind: kind) }
            patched = JSONMergePatch.apply(patch, to: old.object)
            managed = ManagedFields(of: old.object)
        case .strategic(let patch):
            guard let old else { throw KubeStatusError.notFound(name, kind: kind) }
            guard case .strategic(let schema) = kind.patchStrategy else {
                throw KubeStatusError.unsupportedMediaType("application/strategic-merge-patch+json", accepted: PatchType.acceptedContentTypes)
            }
            patched = try StrategicMergePatch(schema: schema).apply(patch, to: old.object)
            managed = ManagedFields(of: old.object)
        case .json(let patch):
            guard let old else { throw KubeStatusError.notFound(name, kind: kind) }
            do {
                patched = try patch.apply(to: old.object)
            } catch {
                throw KubeStatusError(code: 422, reason: "Invalid", message: error.message)
            }
            managed = ManagedFields(of: old.object)
        case .apply(let applied, let manager, let force):
            return try applyObject(
                db,
                kind: kind,
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
        guard let old else { throw KubeStatusError.notFound(name, kind: kind) }
        try MetadataRules.checkTypeMeta(patched, kind: kind)
        try Self.checkIdentity(patched, namespace: namespace, name: name)
        try Self.checkPrecondition(patched, old: old, name: name, kind: kind)
        let candidate = try Self.prepareForUpdate(kind: kind, old: old.object, new: patched, subresource: subresource, name: name)
        try admit(old: old.object, new: candidate, authority: authority)
        if subresource == .main { managed = ManagedFields(requested: patched, live: old.object) }
        managed.recordUpdate(
            manager: fieldManager,
            old: old.object,
            new: candidate,
            subresource: subresource,
            time: timestampNow,
            apiVersion: kind.apiVersion()
        )
        return WriteResult(object: try commitUpdate(db, kind: kind, old: old, candidate: candidate, managedFields: managed), created: false)
    }

    /// A `metadata.resourceVersion` left in a patched object must be the stored one.
    static func checkPrecondition(_ patched: JSONValue, old: ObjectRow, name: String, kind: ResourceKind) throws(KubeStatusError) {
        if let version = patched[path: ["metadata", "resourceVersion"]]?.stringValue, !version.isEmpty,
            version != String(old.resourceVersion)
        {
            throw .conflict(name, kind: kind)
        }
    }

    private func applyObject(
        _ db: Database,
        kind: ResourceKind,
        old: ObjectRow?,
        namespace: String,
        name: String,
        applied: JSONValue,
        manager: String,
        force: Bool,
        subresource: Subresource,
        authority: WriteAuthority
    ) throws -> WriteResult {
        try MetadataRules.checkTypeMeta(applied, kind: kind)
        guard applied["apiVersion"] != nil, applied["kind"] != nil else {
            throw KubeStatusError.badRequest("an applied configuration must set apiVersion and kind")
        }
        var configuration = applied
        if configuration[path: ["metadata", "name"]] == nil { configuration[path: ["metadata", "name"]] = .string(name) }
        try Self.checkIdentity(configuration, namespace: namespace, name: name)
        let time = timestampNow
        guard let old else {
            guard subresource == .main else { throw KubeStatusError.notFound(name, kind: kind) }
            var object = try prepareForCreate(configuration, kind: kind, namespace: namespace)
            try admit(old: nil, new: object, authority: authority)
            let (_, managed) = try ServerSideApply.apply(
                configuration,
                to: nil,
                manager: manager,
                force: force,
                time: time,
                name: name,
                kind: kind
            )
            object[path: ["metadata", "managedFields"]] = managed.json
            return WriteResult(object: try record(db, kind: kind, .added, object: MetadataRules.normalized(object), previous: nil), created: true)
        }
        try Self.checkPrecondition(configuration, old: old, name: name, kind: kind)
        configuration[path: ["metadata", "resourceVersion"]] = nil
        if subresource == .status {
            var patched = old.object
            patched["status"] = ServerSideApply.merge(configuration["status"] ?? .null, into: old.object["status"] ?? [:])
            let candidate = try Self.prepareForUpdate(kind: kind, old: old.object, new: patched, subresource: .status, name: name)
            var managed = ManagedFields(of: old.object)
            managed.recordUpdate(manager: manager, old: old.object, new: candidate, subresource: .status, time: time, apiVersion: kind.apiVersion())
            return WriteResult(object: try commitUpdate(db, kind: kind, old: old, candidate: candidate, managedFields: managed), created: false)
        }
        let (merged, managed) = try ServerSideApply.apply(
            configuration,
            to: old.object,
            manager: manager,
            force: force,
            time: time,
            name: name
        )
        let candidate = try Self.prepareForUpdate(kind: kind, old: old.object, new: merged, subresource: .main, name: name)
        try admit(old: old.object, new: candidate, authority: authority)
        return WriteResult(object: try commitUpdate(db, kind: kind, old: old, candidate: candidate, managedFields: managed), created: false)
    }
}
