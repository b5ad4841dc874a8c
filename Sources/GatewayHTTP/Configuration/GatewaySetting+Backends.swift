extension GatewaySetting {
    // MARK: OIDC (--auth oidc)

    /// `--oidc-issuer`.
    public static let oidcIssuer = GatewaySetting(
        "oidc-issuer",
        environment: "GATEWAY_OIDC_ISSUER",
        "The iss of accepted id-tokens, e.g. https://<host>/auth/realms/runai"
    )
    /// `--oidc-audience`.
    public static let oidcAudience = GatewaySetting(
        "oidc-audience",
        environment: "GATEWAY_OIDC_AUDIENCE",
        "The aud id-tokens must name (Run:ai: the client id, e.g. runai); comma-separated for several"
    )
    /// `--oidc-jwks-url`.
    public static let oidcJWKSURL = GatewaySetting(
        "oidc-jwks-url",
        environment: "GATEWAY_OIDC_JWKS_URL",
        "The issuer's JWKS (Keycloak: <issuer>/protocol/openid-connect/certs); https or loopback http"
    )
    /// `--oidc-jwks-file`.
    public static let oidcJWKSFile = GatewaySetting(
        "oidc-jwks-file",
        environment: "GATEWAY_OIDC_JWKS_FILE",
        "A file holding the issuer's JWKS, instead of --oidc-jwks-url"
    )
    /// `--oidc-user-claim`.
    public static let oidcUserClaim = GatewaySetting(
        "oidc-user-claim",
        environment: "GATEWAY_OIDC_USER_CLAIM",
        default: OIDCConfiguration.defaultUserClaim,
        "The claim naming the user: email, preferred_username, sub, …"
    )
    /// `--oidc-projects-claim`.
    public static let oidcProjectsClaim = GatewaySetting(
        "oidc-projects-claim",
        environment: "GATEWAY_OIDC_PROJECTS_CLAIM",
        default: OIDCConfiguration.defaultProjectsClaim,
        "The claim listing projects (or groups, with --oidc-projects-file)"
    )
    /// `--oidc-projects-file`.
    public static let oidcProjectsFile = GatewaySetting(
        "oidc-projects-file",
        environment: "GATEWAY_OIDC_PROJECTS_FILE",
        "YAML or JSON file mapping values of the projects claim (groups) to projects; re-read when it changes"
    )
    /// `--oidc-clock-skew`.
    public static let oidcClockSkew = GatewaySetting(
        "oidc-clock-skew",
        environment: "GATEWAY_OIDC_CLOCK_SKEW",
        default: "60",
        rule: .wholeSeconds(0...600),
        "Seconds exp, nbf and iat may be off this clock (0 to 600)"
    )

    // MARK: Kubernetes

    /// `--cluster`.
    public static let cluster = GatewaySetting(
        "cluster",
        environment: "GATEWAY_CLUSTER",
        default: "embedded",
        rule: .choice(["embedded", "kubeconfig", "in-cluster"]),
        "embedded (serve a Kubernetes API for run.ai workloads from the gateway), kubeconfig or in-cluster"
    )
    /// `--controller-delay`.
    public static let controllerDelay = GatewaySetting(
        "controller-delay",
        environment: "GATEWAY_CONTROLLER_DELAY",
        default: "3",
        rule: .seconds(0...86_400),
        "Seconds a new workload stays Pending before the embedded cluster's controller starts it"
    )
    /// `--controller-failure-share`.
    public static let controllerFailureShare = GatewaySetting(
        "controller-failure-share",
        environment: "GATEWAY_CONTROLLER_FAILURE_SHARE",
        default: "0",
        rule: .number(0...1),
        "Share (0 to 1) of new workloads the embedded cluster's controller fails with an image pull error"
    )
    /// `--cluster-event-history`.
    public static let clusterEventHistory = GatewaySetting(
        "cluster-event-history",
        environment: "GATEWAY_CLUSTER_EVENT_HISTORY",
        default: "1000",
        rule: .wholeNumber(1...Int.max),
        "Changes the embedded cluster keeps for watches; older resource versions get 410 Expired"
    )

    // MARK: Push and status sync

    /// `--kubeconfig`.
    public static let kubeconfig = GatewaySetting(
        "kubeconfig",
        environment: "GATEWAY_KUBECONFIG",
        defaultNote: "KUBECONFIG, then ~/.kube/config",
        "The kubeconfig file for --cluster kubeconfig"
    )
    /// `--context`.
    public static let kubeContext = GatewaySetting(
        "context",
        environment: "GATEWAY_KUBE_CONTEXT",
        defaultNote: "the current context",
        "The kubeconfig context"
    )
    /// `--submit-wait`.
    public static let submitWait = GatewaySetting(
        "submit-wait",
        environment: "GATEWAY_SUBMIT_WAIT",
        default: "2",
        rule: .seconds(0...60),
        "Seconds a submit waits for its first push, so a refusal by the cluster reaches the caller"
    )
    /// `--drift`.
    public static let drift = GatewaySetting(
        "drift",
        environment: "GATEWAY_DRIFT",
        default: "reapply",
        rule: .choice(["reapply", "report"]),
        "What to do with an object changed outside the gateway: reapply or report"
    )
    /// `--push-attempts`.
    public static let pushAttempts = GatewaySetting(
        "push-attempts",
        environment: "GATEWAY_PUSH_ATTEMPTS",
        default: "30",
        rule: .wholeNumber(1...1000),
        "Attempts before a push is given up as failed"
    )
    /// `--push-max-backoff`.
    public static let pushMaxBackoff = GatewaySetting(
        "push-max-backoff",
        environment: "GATEWAY_PUSH_MAX_BACKOFF",
        default: "60",
        rule: .seconds(0.01...3600),
        "Longest wait in seconds between two attempts of a push"
    )

    // MARK: Connections

    /// `--client-header-timeout`.
    public static let clientHeaderTimeout = GatewaySetting(
        "client-header-timeout",
        environment: "GATEWAY_CLIENT_HEADER_TIMEOUT",
        default: "60",
        rule: .seconds(0.1...3600),
        "Seconds a client may take to send a request head; then 408 and close"
    )
    /// `--client-body-timeout`.
    public static let clientBodyTimeout = GatewaySetting(
        "client-body-timeout",
        environment: "GATEWAY_CLIENT_BODY_TIMEOUT",
        default: "60",
        rule: .seconds(0.1...3600),
        "Seconds a client may pause between two reads of a request body; then 408 and close"
    )
    /// `--keepalive-timeout`.
    public static let keepAliveTimeout = GatewaySetting(
        "keepalive-timeout",
        environment: "GATEWAY_KEEPALIVE_TIMEOUT",
        default: "75",
        rule: .seconds(0.1...3600),
        "Seconds an idle keep-alive connection stays open"
    )
    /// `--max-connections`.
    public static let maxConnections = GatewaySetting(
        "max-connections",
        environment: "GATEWAY_MAX_CONNECTIONS",
        default: "1024",
        rule: .wholeNumber(1...1_000_000),
        "Open connections at once (watches count); more get a 503 and are closed"
    )
    /// `--max-buffered-body-bytes`.
    public static let maxBufferedBodyBytes = GatewaySetting(
        "max-buffered-body-bytes",
        environment: "GATEWAY_MAX_BUFFERED_BODY_BYTES",
        default: "64MiB",
        rule: .byteCount,
        "Bytes of request bodies held in memory at once; beyond it 503 with Retry-After"
    )
}
