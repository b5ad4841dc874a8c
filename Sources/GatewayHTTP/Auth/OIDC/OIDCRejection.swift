/// Why a bearer token was not accepted as an OIDC id-token: the reason sent with the 401.
///
/// A reason names the rule the token broke and never contains the token.
struct OIDCRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the token, for the caller.
    var reason: String

    init(_ reason: String) {
        self.reason = reason
    }

    var description: String { reason }
}
