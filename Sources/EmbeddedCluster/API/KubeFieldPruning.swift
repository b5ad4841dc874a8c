import Foundation
import GatewayCore

/// Finds and drops the fields of a body the schema does not know.
///
/// The top level and `metadata` are checked, as a structural CRD schema checks them; `spec`'s
/// members too when the kind's schema lists them (the built-in kinds); below that, and for the
/// open `spec` of `InferenceWorkload` (`x-kubernetes-preserve-unknown-fields`), nothing is.
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

    /// The dotted paths of the unknown fields of `object`, sorted (`metadata.colour`, `spek`); with
    /// `specFields`, the members of `spec` beyond them too (`spec.replica`).
    static func unknownFields(of object: JSONValue, specFields: Set<String>? = nil) -> [String] {
        guard let members = object.objectValue else { return [] }
        // `$`-keys are strategic merge patch directives, not fields.
        var unknown = members.keys.filter { !topLevelFields.contains($0) && !$0.hasPrefix("$") }
        if let metadata = members["metadata"]?.objectValue {
            unknown += metadata.keys.filter { !metadataFields.contains($0) && !$0.hasPrefix("$") }.map { "metadata.\($0)" }
        }
        if let specFields, let spec = members["spec"]?.objectValue {
            unknown += spec.keys.filter { !specFields.contains($0) && !$0.hasPrefix("$") }.map { "spec.\($0)" }
        }
        return unknown.sorted()
    }

    /// `object` without its unknown fields.
    static func pruned(_ object: JSONValue, specFields: Set<String>? = nil) -> JSONValue {
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
        if let specFields, var spec = members["spec"]?.objectValue {
            for key in spec.keys where !specFields.contains(key) && !key.hasPrefix("$") {
                spec[key] = nil
            }
            members["spec"] = .object(spec)
        }
        return .object(members)
    }

    /// Applies `directive` to `object`: the pruned object and the warnings to send.
    /// - Throws: 400 BadRequest listing the unknown fields under `Strict`.
    static func validate(
        _ object: JSONValue,
        _ directive: FieldValidation,
        specFields: Set<String>? = nil
    ) throws(KubeStatusError) -> (JSONValue, [String]) {
        let unknown = unknownFields(of: object, specFields: specFields)
        guard !unknown.isEmpty else { return (object, []) }
        let messages = unknown.map { "unknown field \"\($0)\"" }
        switch directive {
        case .ignore:
            return (pruned(object, specFields: specFields), [])
        case .warn:
            return (pruned(object, specFields: specFields), messages)
        case .strict:
            throw .badRequest("strict decoding error: " + messages.joined(separator: ", "))
        }
    }
}
