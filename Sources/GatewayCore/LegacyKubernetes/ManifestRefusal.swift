import Foundation

/// Why a legacy `Deployment` (or `Service`) cannot become an `InferenceWorkload`: every cause at
/// once, shaped as the `422 Invalid` Status the apiserver answers with.
///
/// ```json
/// {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"Invalid","code":422,
///  "message":"Deployment.apps \"demo\" is invalid: spec.template.spec.containers[1]: Forbidden: …",
///  "details":{"name":"demo","group":"apps","kind":"Deployment","causes":[{"reason":"FieldValueForbidden",…}]}}
/// ```
public struct ManifestRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The refused object's kind: `Deployment` or `Service`.
    public var kind: String
    /// Its API group: `apps` for a Deployment, `""` (the core group) for a Service.
    public var group: String
    /// Its name (may be empty when the manifest has none).
    public var name: String
    /// Every field at fault, in the order they were found (a fixed order for the same manifest).
    public var causes: [ManifestCause]

    /// The HTTP status: always `422`.
    public static let code = 422
    /// The Status `reason`: always `Invalid`.
    public static let reason = "Invalid"

    /// Creates a refusal.
    public init(kind: String, group: String, name: String, causes: [ManifestCause]) {
        self.kind = kind
        self.group = group
        self.name = name
        self.causes = causes
    }

    /// `Deployment.apps "demo" is invalid: <cause>` or `…: [<cause>, <cause>]`, in the apiserver's wording.
    public var message: String {
        let qualified = group.isEmpty ? kind : "\(kind).\(group)"
        let list = causes.map(\.description)
        let joined = list.count == 1 ? list[0] : "[\(list.joined(separator: ", "))]"
        return "\(qualified) \"\(name)\" is invalid: \(joined)"
    }

    /// The `metav1.Status` to answer with (code 422, reason `Invalid`, `details.causes`).
    public var statusObject: JSONValue {
        [
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": [:],
            "status": "Failure",
            "message": .string(message),
            "reason": .string(Self.reason),
            "details": [
                "name": .string(name),
                "group": .string(group),
                "kind": .string(kind),
                "causes": .array(causes.map(\.jsonValue)),
            ],
            "code": .integer(Int64(Self.code)),
        ]
    }

    /// ``message``, for logs.
    public var description: String { message }
}
