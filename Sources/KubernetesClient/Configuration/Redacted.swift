/// A value that never shows up in descriptions, dumps or logs: tokens, keys, certificates.
///
/// `"\(secret)"`, `String(describing:)`, `String(reflecting:)` and `dump` all print `<redacted>`;
/// only ``value`` reaches the wrapped value.
public struct Redacted<Value: Sendable & Hashable>: Sendable, Hashable, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    /// The wrapped value. Do not log it.
    public let value: Value

    /// Wraps a value.
    public init(_ value: Value) { self.value = value }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }
    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }
    /// A mirror without children, so `dump` shows nothing.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
