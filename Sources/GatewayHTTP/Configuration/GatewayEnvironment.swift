/// The environment variables the gateway reads, each the fallback for a command-line flag and
/// each the one its ``GatewaySetting`` declares (kept as names for the code and tests that set them).
public enum GatewayEnvironment {
    /// `--host`.
    public static var host: String { GatewaySetting.host.environment }
    /// `--port`.
    public static var port: String { GatewaySetting.port.environment }
    /// `--database`.
    public static var database: String { GatewaySetting.database.environment }
    /// `--log-level`.
    public static var logLevel: String { GatewaySetting.logLevel.environment }
    /// `--auth`.
    public static var auth: String { GatewaySetting.auth.environment }
    /// `--tokens-file`.
    public static var tokensFile: String { GatewaySetting.tokensFile.environment }
    /// `--projects-file`.
    public static var projectsFile: String { GatewaySetting.projectsFile.environment }
    /// `--templates-file`.
    public static var templatesFile: String { GatewaySetting.templatesFile.environment }
    /// `--namespace-pattern`.
    public static var namespacePattern: String { GatewaySetting.namespacePattern.environment }
    /// `--cluster-api-version`.
    public static var clusterAPIVersion: String { GatewaySetting.clusterAPIVersion.environment }
    /// `--deprecation-date`.
    public static var deprecationDate: String { GatewaySetting.deprecationDate.environment }
    /// `--sunset-date`.
    public static var sunsetDate: String { GatewaySetting.sunsetDate.environment }
    /// `--deprecation-docs-url`.
    public static var deprecationDocsURL: String { GatewaySetting.deprecationDocsURL.environment }
    /// `--cluster-base-url`.
    public static var clusterBaseURL: String { GatewaySetting.clusterBaseURL.environment }
    /// `--max-body-size`.
    public static var maxBodySize: String { GatewaySetting.maxBodySize.environment }
    /// `--oidc-issuer`.
    public static var oidcIssuer: String { GatewaySetting.oidcIssuer.environment }
    /// `--oidc-audience`.
    public static var oidcAudience: String { GatewaySetting.oidcAudience.environment }
    /// `--oidc-jwks-url`.
    public static var oidcJWKSURL: String { GatewaySetting.oidcJWKSURL.environment }
    /// `--oidc-jwks-file`.
    public static var oidcJWKSFile: String { GatewaySetting.oidcJWKSFile.environment }
    /// `--oidc-user-claim`.
    public static var oidcUserClaim: String { GatewaySetting.oidcUserClaim.environment }
    /// `--oidc-projects-claim`.
    public static var oidcProjectsClaim: String { GatewaySetting.oidcProjectsClaim.environment }
    /// `--oidc-projects-file`.
    public static var oidcProjectsFile: String { GatewaySetting.oidcProjectsFile.environment }
    /// `--oidc-clock-skew`.
    public static var oidcClockSkew: String { GatewaySetting.oidcClockSkew.environment }
    /// `--cluster`.
    public static var cluster: String { GatewaySetting.cluster.environment }
    /// `--controller-delay`.
    public static var controllerDelay: String { GatewaySetting.controllerDelay.environment }
    /// `--controller-failure-share`.
    public static var controllerFailureShare: String { GatewaySetting.controllerFailureShare.environment }
    /// `--cluster-event-history`.
    public static var clusterEventHistory: String { GatewaySetting.clusterEventHistory.environment }
    /// `--kubeconfig`.
    public static var kubeconfig: String { GatewaySetting.kubeconfig.environment }
    /// `--context`.
    public static var kubeContext: String { GatewaySetting.kubeContext.environment }
    /// `--submit-wait`.
    public static var submitWait: String { GatewaySetting.submitWait.environment }
    /// `--drift`.
    public static var drift: String { GatewaySetting.drift.environment }
    /// `--push-attempts`.
    public static var pushAttempts: String { GatewaySetting.pushAttempts.environment }
    /// `--push-max-backoff`.
    public static var pushMaxBackoff: String { GatewaySetting.pushMaxBackoff.environment }
    /// `--client-header-timeout`.
    public static var clientHeaderTimeout: String { GatewaySetting.clientHeaderTimeout.environment }
    /// `--client-body-timeout`.
    public static var clientBodyTimeout: String { GatewaySetting.clientBodyTimeout.environment }
    /// `--keepalive-timeout`.
    public static var keepAliveTimeout: String { GatewaySetting.keepAliveTimeout.environment }
    /// `--max-connections`.
    public static var maxConnections: String { GatewaySetting.maxConnections.environment }
    /// `--max-buffered-body-bytes`.
    public static var maxBufferedBodyBytes: String { GatewaySetting.maxBufferedBodyBytes.environment }
}
