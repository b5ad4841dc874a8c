/// How the migration usage report names the client of a legacy call.
///
/// The same name as the `client` label of `gateway_deprecated_api_requests_total`
/// (``DeprecatedCallMetrics/client(authenticatedUser:raUser:userAgent:)``): the token's user, else
/// `RA-USER`, else the `User-Agent`. A call that names no user also carries its remote address
/// (`runai-cli/2.4 @ 10.0.0.7`), so two anonymous scripts on different hosts stay apart; the
/// metric leaves it out to keep its cardinality bounded.
enum UsageClient {
    /// The client identity of a call.
    static func identity(authenticatedUser: String?, raUser: String?, userAgent: String?, remoteAddress: String?) -> String {
        let name = DeprecatedCallMetrics.client(authenticatedUser: authenticatedUser, raUser: raUser, userAgent: userAgent)
        let namesUser = [authenticatedUser, raUser].contains { $0?.isEmpty == false }
        guard !namesUser, let remoteAddress, !remoteAddress.isEmpty else { return name }
        return "\(name) @ \(remoteAddress)"
    }
}
