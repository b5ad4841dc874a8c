import GatewayCore

/// The version reported by `/healthz` and `inference-gateway version`.
public enum GatewayVersionInfo {
    /// The gateway's version.
    public static let version = GatewayVersion.current
}
