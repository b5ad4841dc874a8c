import Foundation
import GatewayCore

/// Finds and drops the fields of an `InferenceWorkload` body the schema does not know.
///
/// The schema is open below `spec` and `status` (`x-kubernetes-preserve-unknown-fields`), so
/// only the top level and `metadata` are checked, as a structural CRD schema checks them.
/// Unknown fields are dropped (pruned), and `fieldValidation` decides what the client hears:
/// nothing (`Ignore`), one `Warning` per field (`Warn`), or a 400 `BadRequest` (`Strict`).
enum KubeFieldPruning {
    /// The fields of the object's top level.
    static let topLevelFields: Set<String> = ["apiVersion", "kind", "metadata", "spec", "status"]
    /// The fields of `metadata` (`ObjectMeta`).
    static let metadataFields: Set<String> = [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
        "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
        "ownerReferences", "finalizers", "managedFields",
    ]

    /// The dotted paths of the unknown fields of `object`, sorted (`metadata.colour`, `spek`).
    static func unknownFields(of object: JSONValue) -> [String] {
        guard let members = object.objectValue else { return [] }
        // `$`-keys are strategic merge patch directives, not fields.
        var unknown = members.keys.filter { !topLevelFields.contains($0) && !$0.hasPrefix("$") }
        if let metadata = members["metadata"]?.objectValue {
            unknown += metadata.keys.filter { !metadataFields.contains($0) && !$0.hasPrefix("$") }.map { "metadata.\($0)" }
        }
        return unknown.sorted()
    }

    /// `object` without its unknown fields.
    static func pruned(_ object: JSONValue) -> JSONValue {
        guard var members = object.objectValue else { return object }
        for key in members.keys where !topLevelFields.contains(key) && !key.hasPrefix("$") {
            members[key] = nil
        }
        if var metadata = members["metadata"]?.objectValue {
            for key in metadata.keys where !metadataFields.contains(key) && !key.hasPrefix("$") {
                metadata[key] = nil
            }
            members["metadata"] = .object(metadata)
        }
        return .object(members)
    }

    /// Applies `directive` to `object`: the pruned object and the warnings to send.
    /// - Throws: 400 BadRequest listing the unknown fields under `Strict`.
    static func validate(_ object: JSONValue, _ directive: FieldValidation) throws(KubeStatusError) -> (JSONValue, [String]) {
        let unknown = unknownFields(of: object)
        guard !unknown.isEmpty else { return (object, []) }
        let messages = unknown.map { "unknown field \"\($0)\"" }
        switch directive {
        case .ignore:
            return (pruned(object), [])
        case .warn:
            return (pruned(object), messages)
        case .strict:
            throw .badRequest("strict decoding error: " + messages.joined(separator: ", "))
        }
    }
}
