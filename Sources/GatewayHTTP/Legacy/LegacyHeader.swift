import HTTPTypes

/// Header names of the legacy API that `HTTPTypes` does not define.
///
/// Kept in their own namespace rather than as `HTTPField.Name` extensions, so they never clash
/// with the same names declared by another module.
public enum LegacyHeader {
    /// `Deprecation` (RFC 9745): when the resource was deprecated, as `@<unix seconds>`.
    public static let deprecation = HTTPField.Name("Deprecation")!
    /// `Sunset` (RFC 8594): when the resource stops answering, as an HTTP-date.
    public static let sunset = HTTPField.Name("Sunset")!
    /// `Link` (RFC 8288).
    public static let link = HTTPField.Name("Link")!
    /// `Warning` (RFC 7234 §5.5), as the Kubernetes API server sends it: `299 - "<text>"`.
    public static let warning = HTTPField.Name("Warning")!
    /// `X-Request-Id`: the request's id, taken from the caller or generated.
    public static let requestID = HTTPField.Name("X-Request-Id")!
    /// `Idempotency-Key`: makes a submit safe to retry.
    public static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    /// `Idempotent-Replayed`: `true` on an answer replayed for a repeated `Idempotency-Key`.
    public static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    /// `RA-USER`: the display user of a legacy call in unauthenticated mode.
    public static let raUser = HTTPField.Name("RA-USER")!
}
