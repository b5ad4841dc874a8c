/// A legacy call the gateway refuses, with the HTTP status to answer and the field at fault.
///
/// Every rule of decoding and validation throws one of these; the HTTP layer renders it as
/// ``LegacyErrorBody`` (`{"status": N, "message": "…", "details": "…"}`) and writes nothing.
///
/// Statuses follow one rule: `400` when the body cannot be read as a legacy request at all
/// (malformed JSON, a value of the wrong JSON type, a required field missing), `422` when it can
/// be read but asks for something the gateway cannot do (an invalid name, a training job, a field
/// with no `InferenceWorkload` equivalent), and `404`, `409`, `413` for their usual meanings.
public struct LegacyAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status code to answer with.
    public var status: Int
    /// One line naming the field and the rule, e.g. `job.image: required`.
    public var message: String
    /// A longer explanation, with what to do instead.
    public var details: String
    /// The path of the offending field in the request (`job.image`, `job.ports[1].container`), if one is at fault.
    public var field: String?

    /// Creates an error.
    public init(status: Int, message: String, details: String, field: String? = nil) {
        self.status = status
        self.message = message
        self.details = details
        self.field = field
    }

    /// The body to send.
    public var body: LegacyErrorBody {
        LegacyErrorBody(status: status, message: message, details: details, field: field)
    }

    /// `status message`, for logs.
    public var description: String { "\(status) \(message)" }
}

extension LegacyAPIError {
    /// `400`: the body is not JSON; `details` says where it breaks.
    public static func malformedJSON(_ details: String) -> Self {
        Self(status: 400, message: "request body: malformed JSON", details: details)
    }

    /// `400`: a field holds a JSON value of the wrong type.
    /// - Parameters:
    ///   - field: the field's path.
    ///   - expected: what the field accepts, e.g. `a number` or `a string or an array of strings`.
    ///   - found: the value received.
    public static func wrongType(field: String, expected: String, found: JSONValue) -> Self {
        Self(
            status: 400,
            message: "\(field): must be \(expected)",
            details: "\(field) must be \(expected), but the request has \(found.kindDescription) there.",
            field: field
        )
    }

    /// `400`: a required field is missing or empty.
    public static func missing(field: String) -> Self {
        Self(
            status: 400,
            message: "\(field): required",
            details: "\(field) is required and must not be empty.",
            field: field
        )
    }

    /// `422`: a field is readable but breaks a rule.
    /// - Parameters:
    ///   - field: the field's path.
    ///   - rule: the rule, in a few words (`must be a DNS-1123 label`).
    ///   - details: a longer explanation.
    public static func invalid(field: String, rule: String, details: String) -> Self {
        Self(status: 422, message: "\(field): \(rule)", details: details, field: field)
    }

    /// `422`: a field the legacy API accepted has no equivalent in an `InferenceWorkload`.
    /// - Parameters:
    ///   - field: the field's path.
    ///   - details: why, and what to do instead.
    public static func unsupported(field: String, details: String) -> Self {
        Self(
            status: 422,
            message: "\(field): not supported for inference workloads",
            details: details,
            field: field
        )
    }

    /// `404`: an unknown project or job.
    public static func notFound(_ message: String, details: String, field: String? = nil) -> Self {
        Self(status: 404, message: message, details: details, field: field)
    }

    /// `409`: a job of that name already exists in the project.
    public static func alreadyExists(name: String, project: String) -> Self {
        Self(
            status: 409,
            message: "job.name: \(name) already exists in project \(project)",
            details: "A job named \(name) already exists in project \(project). Choose another name, or omit it to have one generated.",
            field: "job.name"
        )
    }

    /// `413`: the body is larger than the configured limit.
    public static func payloadTooLarge(limit: Int) -> Self {
        Self(
            status: 413,
            message: "request body: larger than \(limit) bytes",
            details: "The request body exceeds the limit of \(limit) bytes."
        )
    }
}
