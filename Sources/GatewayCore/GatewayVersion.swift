/// The gateway's own version.
public enum GatewayVersion {
    /// The released version of this build.
    public static let current = "0.1.0"
}
