import Foundation

/// The checks of a verified token's claims, and who the token says the caller is. Pure: the
/// clock is an argument.
struct OIDCClaimRules: Sendable {
    /// The exact `iss` accepted.
    var issuer: String
    /// The audiences accepted; `aud` must name one.
    var audiences: Set<String>
    /// The claim naming the user.
    var userClaim: String
    /// The claim listing projects, or groups mapped by ``groupProjects``.
    var projectsClaim: String
    /// How far `exp`, `nbf` and `iat` may be off the clock, in seconds.
    var clockSkew: TimeInterval
    /// Group → projects, when a projects file maps the claim's values; `nil` takes them as project names.
    var groupProjects: [String: Principal.Scope]?

    /// Longest user name accepted.
    static let maximumUserLength = 256

    /// The user and projects of `claims` at `now`.
    /// - Throws: ``OIDCRejection`` naming the claim and the rule it broke.
    func evaluate(_ claims: OIDCClaims, now: Date) throws(OIDCRejection) -> (user: String, scope: Principal.Scope) {
        guard let iss = claims["iss"]?.string else {
            throw OIDCRejection("the token has no iss claim")
        }
        guard iss == issuer else {
            throw OIDCRejection("the token was issued by \(Self.quoted(iss)), not by the issuer this gateway trusts (\(issuer))")
        }
        guard let aud = claims["aud"]?.strings, !aud.isEmpty else {
            throw OIDCRejection("the token has no aud claim")
        }
        guard aud.contains(where: audiences.contains) else {
            throw OIDCRejection(
                "the token is meant for \(aud.prefix(5).map(Self.quoted).joined(separator: ", ")), "
                    + "not for this gateway (aud must include \(audiences.sorted().joined(separator: " or ")))"
            )
        }
        let seconds = now.timeIntervalSince1970
        guard let exp = claims["exp"]?.number else {
            throw OIDCRejection("the token has no exp claim (a number of seconds since 1970)")
        }
        guard seconds <= exp + clockSkew else {
            throw OIDCRejection("the token expired at \(Self.iso8601(exp)); get a new one (runai login)")
        }
        if let nbfValue = claims["nbf"] {
            guard let nbf = nbfValue.number else { throw OIDCRejection("the token's nbf claim must be a number") }
            guard seconds + clockSkew >= nbf else {
                throw OIDCRejection("the token is not valid before \(Self.iso8601(nbf))")
            }
        }
        if let iat = claims["iat"]?.number, iat > seconds + clockSkew {
            throw OIDCRejection("the token was issued in the future (iat \(Self.iso8601(iat))); check the clocks")
        }
        return (try user(of: claims), scope(of: claims))
    }

    private func user(of claims: OIDCClaims) throws(OIDCRejection) -> String {
        guard let value = claims[userClaim] else {
            throw OIDCRejection("the token has no \(userClaim) claim to name the user")
        }
        guard let user = value.string?.trimmingCharacters(in: .whitespaces), !user.isEmpty,
            user.count <= Self.maximumUserLength, !user.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 } == true })
        else {
            throw OIDCRejection("the token's \(userClaim) claim must be a non-empty string of at most \(Self.maximumUserLength) characters")
        }
        if userClaim == "email", claims["email_verified"] == .bool(false) {
            throw OIDCRejection("the token's email is not verified (email_verified is false)")
        }
        return user
    }

    private func scope(of claims: OIDCClaims) -> Principal.Scope {
        let values = Set(claims[projectsClaim]?.strings ?? [])
        guard let groupProjects else { return .projects(values) }
        var projects = Set<String>()
        for value in values {
            switch groupProjects[value] {
            case .allProjects?: return .allProjects
            case .projects(let names)?: projects.formUnion(names)
            case nil: continue
            }
        }
        return .projects(projects)
    }

    private static func quoted(_ text: String) -> String {
        "\"\(text.prefix(200))\""
    }

    private static func iso8601(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds).formatted(.iso8601)
    }
}
