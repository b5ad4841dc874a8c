/// The outcome of an action on one job (the swagger's `api.JobActionStatus`):
/// `{"name": "…", "ok": true}` or `{"name": "…", "ok": false, "error": {"status", "message", "details"}}`.
///
/// The legacy CLI reads `ok`, then `error.status == 404` as "does not exist in project".
public struct JobActionStatus: Codable, Sendable, Equatable {
    /// The job name.
    public var name: String
    /// Whether the action succeeded.
    public var ok: Bool
    /// Why it failed; absent on success.
    public var error: LegacyErrorBody?

    /// Creates a status.
    public init(name: String, ok: Bool, error: LegacyErrorBody? = nil) {
        self.name = name
        self.ok = ok
        self.error = error
    }

    /// A success.
    public static func succeeded(_ name: String) -> Self {
        Self(name: name, ok: true)
    }

    /// A failure with the error's body.
    public static func failed(_ name: String, _ error: LegacyAPIError) -> Self {
        Self(name: name, ok: false, error: error.body)
    }
}
