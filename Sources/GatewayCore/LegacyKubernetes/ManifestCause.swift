import Foundation

/// One reason a Kubernetes manifest is refused: an entry of a `422 Invalid` Status's `details.causes`.
///
/// ``reason`` and ``message`` follow the apiserver's field errors: `FieldValueInvalid` with
/// `Invalid value: "0.5x": …`, `FieldValueRequired` with `Required value: …`, `FieldValueForbidden`
/// with `Forbidden: …`, `FieldValueNotSupported` with `Unsupported value: "UDP": supported values: "TCP"`.
/// ``field`` is the path in the object as sent (`spec.template.spec.containers[1]`,
/// `spec.template.metadata.annotations[gpu-fraction]`): map keys go in brackets, unquoted, as
/// Kubernetes writes them.
public struct ManifestCause: Sendable, Equatable, CustomStringConvertible {
    /// The kind of field error.
    public enum Reason: String, Sendable, Equatable, CaseIterable {
        /// A required field is missing.
        case required = "FieldValueRequired"
        /// A field holds a value that breaks a rule.
        case invalid = "FieldValueInvalid"
        /// A field holds one of a fixed set of values, but not one the gateway supports.
        case notSupported = "FieldValueNotSupported"
        /// A field (or an item) is present that the translation cannot express.
        case forbidden = "FieldValueForbidden"
        /// A list holds the same key twice.
        case duplicate = "FieldValueDuplicate"

        /// The words the apiserver starts the message with (`Invalid value`, `Forbidden`, …).
        var lead: String {
            switch self {
            case .required: "Required value"
            case .invalid: "Invalid value"
            case .notSupported: "Unsupported value"
            case .forbidden: "Forbidden"
            case .duplicate: "Duplicate value"
            }
        }
    }

    /// The kind of field error, e.g. `FieldValueForbidden`.
    public var reason: Reason
    /// The field path in the object as sent.
    public var field: String
    /// The rule broken, in words, without the field or the value.
    public var rule: String
    /// The offending value, as JSON text (`"0.5x"`, `3`), when one is shown.
    public var value: String?

    /// Creates a cause.
    public init(reason: Reason, field: String, rule: String, value: String? = nil) {
        self.reason = reason
        self.field = field
        self.rule = rule
        self.value = value
    }

    /// The message of `details.causes[]`: `Invalid value: "0.5x": must be …`, `Forbidden: …`.
    public var message: String {
        if let value { return "\(reason.lead): \(value): \(rule)" }
        return "\(reason.lead): \(rule)"
    }

    /// `field: message`, as the apiserver joins causes into the Status message.
    public var description: String { "\(field): \(message)" }

    /// `{"reason": …, "message": …, "field": …}`, one entry of `details.causes`.
    public var jsonValue: JSONValue {
        ["reason": .string(reason.rawValue), "message": .string(message), "field": .string(field)]
    }

    /// A cause for a value that breaks a rule, showing the value.
    static func invalid(_ field: String, _ value: JSONValue?, _ rule: String) -> Self {
        Self(reason: .invalid, field: field, rule: rule, value: value.map(\.compactString))
    }

    /// A cause for a field the translation cannot express.
    static func forbidden(_ field: String, _ rule: String) -> Self {
        Self(reason: .forbidden, field: field, rule: rule)
    }

    /// A cause for a missing field.
    static func required(_ field: String, _ rule: String) -> Self {
        Self(reason: .required, field: field, rule: rule)
    }
}
