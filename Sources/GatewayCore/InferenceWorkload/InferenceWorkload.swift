import Foundation

/// A Run:ai Cluster-API `InferenceWorkload` (`run.ai/v2alpha1`): what every legacy submit becomes.
///
/// ``jsonData()`` writes object keys sorted, so the same workload always gives the same bytes.
/// ``status`` is whatever the cluster reports (its shape is undocumented); translation leaves it `nil`.
public struct InferenceWorkload: Codable, Sendable, Equatable {
    /// `run.ai/v2alpha1` or `run.ai/v1alpha1`.
    public var apiVersion: String
    /// Always `InferenceWorkload`.
    public var kind: String
    /// Name, namespace, labels, annotations.
    public var metadata: ObjectMetadata
    /// The workload's specification, fields value-wrapped.
    public var spec: InferenceWorkloadSpec
    /// The status reported by the cluster, if any.
    public var status: JSONValue?

    /// Creates a workload.
    public init(apiVersion: String, metadata: ObjectMetadata, spec: InferenceWorkloadSpec, status: JSONValue? = nil) {
        self.apiVersion = apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// The encoder behind ``jsonData()``: sorted keys, slashes unescaped.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Compact JSON with sorted keys: byte-identical for equal workloads.
    public func jsonData() throws -> Data {
        try Self.makeEncoder().encode(self)
    }

    /// ``jsonData()`` as text, as stored in `Workload.desiredObject`.
    public func jsonText() throws -> String {
        String(decoding: try jsonData(), as: UTF8.self)
    }

    /// Reads a workload from JSON (a stored `desiredObject`, or an object from the cluster).
    public init(jsonData data: Data) throws {
        self = try JSONDecoder().decode(Self.self, from: data)
    }

    /// The object's path on a Kubernetes API server:
    /// `/apis/run.ai/<version>/namespaces/<namespace>/inferenceworkloads/<name>`.
    public var path: String {
        "/apis/\(apiVersion)/namespaces/\(metadata.namespace ?? "default")/\(Self.plural)/\(metadata.name)"
    }
}
