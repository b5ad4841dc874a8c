/// The body of `GET /api/v1/version`, inside `{"data": …}`: the Researcher service version the
/// gateway stands in for.
///
/// The legacy CLI compares `major`/`minor`/`subver` and refuses delete and project listing below
/// 0.1.10 (later versions 0.1.11), so the gateway reports ``emulated`` rather than its own version,
/// which it adds as `gatewayVersion` (ignored by the CLI).
public struct VersionInfo: Codable, Sendable, Equatable {
    /// `major.minor.subver`.
    public var version: String
    /// The major version.
    public var major: Int
    /// The minor version.
    public var minor: Int
    /// The patch version.
    public var subver: Int
    /// The gateway's own version.
    public var gatewayVersion: String?

    /// Creates a version.
    public init(major: Int, minor: Int, subver: Int, gatewayVersion: String? = nil) {
        self.version = "\(major).\(minor).\(subver)"
        self.major = major
        self.minor = minor
        self.subver = subver
        self.gatewayVersion = gatewayVersion
    }

    /// The Researcher service version whose API the gateway serves, with the gateway's version.
    public static let emulated = VersionInfo(major: 0, minor: 1, subver: 11, gatewayVersion: GatewayVersion.current)
}
