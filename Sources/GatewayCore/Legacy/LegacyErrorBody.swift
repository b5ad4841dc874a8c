/// The legacy API's error shape: `{"status": N, "message": "…", "details": "…"}`.
///
/// `field`, when known, names the request field at fault; legacy clients ignore it.
public struct LegacyErrorBody: Codable, Sendable, Equatable {
    /// The HTTP status code, repeated in the body.
    public var status: Int
    /// One line naming the field and the rule.
    public var message: String
    /// A longer explanation.
    public var details: String
    /// The path of the offending field, if one is at fault.
    public var field: String?

    /// Creates an error body.
    public init(status: Int, message: String, details: String, field: String? = nil) {
        self.status = status
        self.message = message
        self.details = details
        self.field = field
    }
}
