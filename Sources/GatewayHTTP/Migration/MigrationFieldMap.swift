import Foundation
import GatewayCore

/// What each field of a legacy job became in its `InferenceWorkload`, following
/// ``LegacyTranslator``'s rules: the fields named otherwise are listed here, every other one
/// keeps its name under `spec` when the workload has it. Pure.
enum MigrationFieldMap {
    /// The workload fields of the legacy job fields whose names change.
    static let renamed: [String: [String]] = [
        "name": ["metadata.name", "spec.name"],
        "project": ["metadata.namespace", "metadata.labels.project"],
        "pvc": ["spec.pvcs"],
        "mps": ["spec.annotations"],
        "replicas": ["spec.minScale", "spec.maxScale"],
        "type": [],
        "settingsName": [],
    ]

    /// The fields of a legacy `job` (or `template`) object, sorted, each with what it became in `workload`.
    static func fields(of legacy: JSONValue, prefix: String, workload: InferenceWorkload) -> [MigrationTranslation.Field] {
        guard let members = legacy.objectValue else { return [] }
        let object = (try? workload.jsonData()).flatMap { try? JSONValue(parsing: $0) } ?? .object([:])
        return members.keys.sorted().compactMap { key in
            guard let value = members[key], !value.isNull else { return nil }
            let candidates = renamed[key] ?? ["spec.\(key)"]
            let present = candidates.filter { object[path: $0.split(separator: ".").map(String.init)] != nil }
            return MigrationTranslation.Field(legacy: "\(prefix).\(key)", value: value, became: present)
        }
    }
}
