import Foundation
import GatewayCore

/// A parsed `fieldSelector`. Only `metadata.name` and `metadata.namespace` are known, with
/// `=`, `==` and `!=`, as the apiserver offers for custom resources.
public struct FieldSelector: Sendable, Equatable {
    /// One requirement: the field equals (or, when `negated`, differs from) the value.
    public struct Requirement: Sendable, Equatable {
        /// `metadata.name` or `metadata.namespace`.
        public var field: String
        /// The value compared with.
        public var value: String
        /// `!=` instead of `=`.
        public var negated: Bool
    }

    /// The known fields.
    public static let knownFields = ["metadata.name", "metadata.namespace"]

    /// The requirements; all must hold.
    public var requirements: [Requirement]

    /// Parses a selector; `nil` or blank selects everything.
    /// - Throws: 400 BadRequest: `"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"`,
    ///   or `invalid selector: …` for a malformed one.
    public init(parsing text: String?, selectable: [String] = []) throws(KubeStatusError) {
        let known = Self.knownFields + selectable
        var requirements: [Requirement] = []
        let text = text ?? ""
        for term in text.split(separator: ",", omittingEmptySubsequences: false) {
            let term = term.trimmingCharacters(in: .whitespaces)
            if term.isEmpty {
                if text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                throw .badRequest("invalid selector: '\(text)'; can't understand ''")
            }
            let requirement: Requirement
            if let range = term.range(of: "!=") {
                requirement = Requirement(field: String(term[..<range.lowerBound]), value: String(term[range.upperBound...]), negated: true)
            } else if let range = term.range(of: "==") {
                requirement = Requirement(field: String(term[..<range.lowerBound]), value: String(term[range.upperBound...]), negated: false)
            } else if let range = term.range(of: "=") {
                requirement = Requirement(field: String(term[..<range.lowerBound]), value: String(term[range.upperBound...]), negated: false)
            } else {
                throw .badRequest("invalid selector: '\(text)'; can't understand '\(term)'")
            }
            var trimmed = requirement
            trimmed.field = requirement.field.trimmingCharacters(in: .whitespaces)
            trimmed.value = requirement.value.trimmingCharacters(in: .whitespaces)
            guard known.contains(trimmed.field) else {
                throw .badRequest(
                    "\"\(trimmed.field)\" is not a known field selector: only "
                        + known.map { "\"\($0)\"" }.joined(separator: ", ")
                )
            }
            requirements.append(trimmed)
        }
        self.requirements = requirements
    }

    /// Whether the object with this namespace and name satisfies every requirement.
    public func matches(namespace: String, name: String, object: JSONValue? = nil) -> Bool {
        requirements.allSatisfy { requirement in
            let actual: String
            switch requirement.field {
            case "metadata.name": actual = name
            case "metadata.namespace": actual = namespace
            default:
                let value = object?[path: requirement.field.split(separator: ".").map(String.init)]
                actual = value?.stringValue ?? value.map { $0.isNull ? "" : $0.compactString } ?? ""
            }
            return (actual == requirement.value) != requirement.negated
        }
    }
}
