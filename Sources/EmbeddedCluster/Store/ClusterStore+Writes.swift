import Foundation
import GRDB
import GatewayCore

extension ClusterStore {
    func createObject(
        _ db: Database,
        kind: ResourceKind,
        namespace: String,
        body: JSONValue,
        fieldManager: String?,
        authority: WriteAuthority
    ) throws -> JSONValue {
        try MetadataRules.checkTypeMeta(body, kind: kind)
        var object = try prepareForCreate(body, kind: kind, namespace: namespace)
        try admit(old: nil, new: object, authority: authority)
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        if object[path: ["metadata", "generateName"]] != nil, body[path: ["metadata", "name"]]?.stringValue?.isEmpty ?? true {
            var attempts = 0
            while try ObjectRow.fetch(db, namespace: namespace, name: kind.storageName(object[path: ["metadata", "name"]]?.stringValue ?? ""))
                != nil, attempts < 8
            {
                object[path: ["metadata", "name"]] = .string(Self.generatedName(object[path: ["metadata", "generateName"]]))
                attempts += 1
            }
        }
        let finalName = object[path: ["metadata", "name"]]?.stringValue ?? name
        if try ObjectRow.fetch(db, namespace: namespace, name: kind.storageName(finalName)) != nil {
            throw KubeStatusError.alreadyExists(finalName, kind: kind)
        }
        if let fieldManager {
            var managed = ManagedFields(entries: [])
            managed.recordUpdate(manager: fieldManager, old: [:], new: object, subresource: .main, time: timestampNow, apiVersion: kind.apiVersion())
            object[path: ["metadata", "managedFields"]] = managed.json
        }
        return try record(db, kind: kind, .added, object: MetadataRules.normalized(object), previous: nil)
    }

    /// Refuses a write that changes a reserved label unless the writer is trusted.
    func admit(old: JSONValue?, new: JSONValue, authority: WriteAuthority) throws(KubeStatusError) {
        let name = new[path: ["metadata", "name"]]?.stringValue ?? ""
        try ReservedLabels.check(old: old, new: new, reserved: configuration.reservedLabels, authority: authority, name: name)
    }

    /// Fills the server-set metadata of a new object, runs the kind's admission and validates it (no storage access).
    func prepareForCreate(_ body: JSONValue, kind: ResourceKind, namespace: String) throws(KubeStatusError) -> JSONValue {
        var object = body
        if let bodyNamespace = body[path: ["metadata", "namespace"]]?.stringValue, !bodyNamespace.isEmpty,
            bodyNamespace != namespace
        {
            throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        if let version = body[path: ["metadata", "resourceVersion"]], version != .string(""), !version.isNull {
            throw .badRequest("resourceVersion should not be set on objects to be created")
        }
        var name = body[path: ["metadata", "name"]]?.stringValue ?? ""
        let generateName = body[path: ["metadata", "generateName"]]?.stringValue ?? ""
        if name.isEmpty {
            guard !generateName.isEmpty else {
                throw .invalid("", [KubeStatusError.requiredValue("metadata.name", "name or generateName is required")], kind: kind)
            }
            name = Self.generatedName(.string(generateName))
        }
        var causes: [KubeStatusError.Cause] = []
        if let problem = MetadataRules.subdomainProblem(name) {
            causes.append(KubeStatusError.invalidValue("metadata.name", .string(name), problem))
        }
        if let problem = MetadataRules.dnsLabelProblem(namespace) {
            causes.append(KubeStatusError.invalidValue("metadata.namespace", .string(namespace), problem))
        }
        if !causes.isEmpty { throw .invalid(name, causes, kind: kind) }
        object["apiVersion"] = .string(kind.apiVersion())
        object["kind"] = .string(kind.kind)
        if kind.subresources.status { object["status"] = nil }
        var metadata = object["metadata"]?.objectValue ?? [:]
        metadata["name"] = .string(name)
        metadata["namespace"] = .string(namespace)
        metadata["uid"] = .string(UUID().uuidString.lowercased())
        metadata["creationTimestamp"] = .string(timestampNow)
        metadata["generation"] = 1
        for key in ["deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "managedFields", "resourceVersion"] {
            metadata[key] = nil
        }
        object["metadata"] = .object(metadata)
        object = try kind.admission.admit(nil, object)
        try MetadataRules.validate(object, name: name, kind: kind)
        return MetadataRules.normalized(object)
    }

    /// `prefix` plus five random characters from the apiserver's alphabet.
    static func generatedName(_ prefix: JSONValue?) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        let base = String((prefix?.stringValue ?? "").prefix(58))
        return base + String((0..<5).map { _ in alphabet.randomElement() ?? "x" })
    }

    func replaceObject(
        _ db: Database,
        kind: ResourceKind,
        namespace: String,
        name: String,
        body: JSONValue,
        subresource: Subresource,
        fieldManager: String?,
        authority: WriteAuthority
    ) throws -> JSONValue {
        try MetadataRules.checkTypeMeta(body, kind: kind)
        try Self.checkIdentity(body, namespace: namespace, name: name)
        guard let old = try ObjectRow.fetch(db, namespace: namespace, name: kind.storageName(name)) else {
            throw KubeStatusError.notFound(name, kind: kind)
        }
        let version = body[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
        guard !version.isEmpty else {
            let cause = KubeStatusError.Cause(
                reason: "FieldValueInvalid",
                message: "Invalid value: 0x0: must be specified for an update",
                field: "metadata.resourceVersion"
            )
            throw KubeStatusError.invalid(name, [cause], kind: kind)
        }
        guard version == String(old.resourceVersion) else { throw KubeStatusError.conflict(name, kind: kind) }
        let candidate = try Self.prepareForUpdate(kind: kind, old: old.object, new: body, subresource: subresource, name: name)
        try admit(old: old.object, new: candidate, authority: authority)
        var managed = ManagedFields(of: old.object)
        managed.recordUpdate(
            manager: fieldManager,
            old: old.object,
            new: candidate,
            subresource: subresource,
            time: timestampNow,
            apiVersion: kind.apiVersion()
        )
        return try commitUpdate(db, kind: kind, old: old, candidate: candidate, managedFields: managed)
    }

    /// A body's name and namespace, when given, must be those of the URL.
    static func checkIdentity(_ body: JSONValue, namespace: String, name: String) throws(KubeStatusError) {
        let bodyName = body[path: ["metadata", "name"]]?.stringValue ?? ""
        guard bodyName == name else {
            throw .badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        if let bodyNamespace = body[path: ["metadata", "namespace"]]?.stringValue, !bodyNamespace.isEmpty,
            bodyNamespace != namespace
        {
            throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
    }

    /// The object to store for an update of `old` with `new` (status subresource rules, server-set
    /// metadata kept, generation bumped when anything outside metadata and status changed).
    static func prepareForUpdate(
        kind: ResourceKind,
        old: JSONValue,
        new: JSONValue,
        subresource: Subresource,
        name: String
    )
        throws(KubeStatusError) -> JSONValue
    {
        if subresource == .status {
            var result = old
            result["status"] = new["status"].flatMap { $0.isNull ? nil : $0 }
            try MetadataRules.validate(result, name: name, kind: kind)
            return result
        }
        var result = new
        result["apiVersion"] = .string(kind.apiVersion())
        result["kind"] = .string(kind.kind)
        if kind.subresources.status { result["status"] = old["status"] }
        var metadata = result["metadata"]?.objectValue ?? [:]
        let oldMetadata = old["metadata"]?.objectValue ?? [:]
        if let uid = metadata["uid"]?.stringValue, !uid.isEmpty, uid != oldMetadata["uid"]?.stringValue {
            throw .invalid(name, [KubeStatusError.invalidValue("metadata.uid", .string(uid), "field is immutable")], kind: kind)
        }
        for key in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name", "generation"] {
            metadata[key] = oldMetadata[key]
        }
        metadata["selfLink"] = nil
        if MetadataRules.isTerminating(old) {
            let before = Set(MetadataRules.finalizers(of: old))
            let added = MetadataRules.finalizers(of: result).filter { !before.contains($0) }
            if !added.isEmpty {
                throw .invalid(
                    name,
                    [
                        KubeStatusError.forbiddenValue(
                            "metadata.finalizers",
                            "no new finalizers can be added if the object is being deleted, found new finalizers [\(added.map { "\"\($0)\"" }.joined(separator: " "))]"
                        )
                    ],
                    kind: kind
                )
            }
        }
        result["metadata"] = .object(metadata)
        result = try kind.admission.admit(old, result)
        if MetadataRules.generationRelevant(result) != MetadataRules.generationRelevant(old) {
            let generation = oldMetadata["generation"]?.integerValue ?? 1
            result[path: ["metadata", "generation"]] = .integer(generation + 1)
        }
        try MetadataRules.validate(result, name: name, kind: kind)
        return result
    }

    func deleteObject(
        _ db: Database,
        kind: ResourceKind,
        namespace: String,
        name: String,
        preconditions: DeletePreconditions
    ) throws
        -> DeleteResult
    {
        guard let old = try ObjectRow.fetch(db, namespace: namespace, name: kind.storageName(name)) else {
            throw KubeStatusError.notFound(name, kind: kind)
        }
        if let uid = preconditions.uid, uid != old.uid {
            throw KubeStatusError.conflict(name, kind: kind, "Precondition failed: UID in precondition: \(uid), UID in object meta: \(old.uid)")
        }
        if let version = preconditions.resourceVersion, version != String(old.resourceVersion) {
            throw KubeStatusError.conflict(
                name,
                kind: kind,
                "the ResourceVersion in the precondition (\(version)) does not match the ResourceVersion in record "
                    + "(\(old.resourceVersion)). The object might have been modified"
            )
        }
        if !MetadataRules.finalizers(of: old.object).isEmpty {
            if MetadataRules.isTerminating(old.object) { return .terminating(old.object) }
            var candidate = old.object
            candidate[path: ["metadata", "deletionTimestamp"]] = .string(timestampNow)
            candidate[path: ["metadata", "deletionGracePeriodSeconds"]] = 0
            let generation = old.object[path: ["metadata", "generation"]]?.integerValue ?? 1
            candidate[path: ["metadata", "generation"]] = .integer(generation + 1)
            return .terminating(try commitUpdate(db, kind: kind, old: old, candidate: candidate, managedFields: nil))
        }
        return .deleted(try record(db, kind: kind, .deleted, object: old.object, previous: old.object))
    }

    func controllerUpdate(
        _ db: Database,
        kind: ResourceKind,
        namespace: String,
        name: String,
        fieldManager: String,
        change: @Sendable (inout JSONValue) -> Void
    ) throws -> JSONValue? {
        guard let old = try ObjectRow.fetch(db, namespace: namespace, name: kind.storageName(name)) else { return nil }
        var edited = old.object
        change(&edited)
        var candidate = old.object
        candidate["status"] = edited["status"].flatMap { $0.isNull ? nil : $0 }
        for key in ["labels", "annotations", "finalizers"] {
            candidate[path: ["metadata", key]] = edited[path: ["metadata", key]]
        }
        try MetadataRules.validate(candidate, name: name, kind: kind)
        var managed = ManagedFields(of: old.object)
        let time = timestampNow
        managed.recordUpdate(manager: fieldManager, old: old.object, new: candidate, subresource: .main, time: time, apiVersion: kind.apiVersion())
        managed.recordUpdate(manager: fieldManager, old: old.object, new: candidate, subresource: .status, time: time, apiVersion: kind.apiVersion())
        return try commitUpdate(db, kind: kind, old: old, candidate: candidate, managedFields: managed)
    }
}
