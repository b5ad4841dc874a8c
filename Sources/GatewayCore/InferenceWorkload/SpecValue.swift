/// A Cluster-API scalar field: `{"value": X}`.
public struct SpecValue<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The wrapped value.
    public var value: Value

    /// Wraps a value.
    public init(_ value: Value) {
        self.value = value
    }
}

/// A Cluster-API map field: `{"items": {"<key>": {"value": X}}}`.
public struct SpecItems<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The entries by key.
    public var items: [String: SpecValue<Value>]

    /// Wraps a map of plain values.
    public init(_ values: [String: Value]) {
        self.items = values.mapValues { SpecValue($0) }
    }

    /// The plain values by key.
    public var values: [String: Value] {
        items.mapValues(\.value)
    }
}
