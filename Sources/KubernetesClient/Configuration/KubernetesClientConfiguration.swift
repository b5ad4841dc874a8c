import Foundation

/// Where the API server is and how to talk to it: TLS, credentials, namespace, timeouts, rate
/// limit and retries. Build one with ``kubeconfig(path:context:environment:)``, ``inCluster(environment:directory:)``
/// or ``server(url:token:certificateAuthority:)``.
public struct KubernetesClientConfiguration: Sendable {
    /// The API server's base URL, e.g. `https://10.0.0.1:6443`.
    public var server: String
    /// How the server is verified and how the client proves itself with a certificate.
    public var tls: TLS
    /// The credentials sent with every request.
    public var credentials: Credentials
    /// The namespace of the context; ``KubernetesAPI/defaultNamespace``.
    public var namespace: String
    /// Connect and request timeouts.
    public var timeouts: Timeouts
    /// The client-side rate limit.
    public var rateLimit: RateLimit
    /// When and how often failed requests are retried.
    public var retry: RetryPolicy
    /// The `User-Agent` header.
    public var userAgent: String

    /// Creates a configuration.
    public init(
        server: String,
        tls: TLS = TLS(),
        credentials: Credentials = .none,
        namespace: String = "default",
        timeouts: Timeouts = Timeouts(),
        rateLimit: RateLimit = RateLimit(),
        retry: RetryPolicy = RetryPolicy(),
        userAgent: String = "inference-gateway"
    ) {
        self.server = server
        self.tls = tls
        self.credentials = credentials
        self.namespace = namespace
        self.timeouts = timeouts
        self.rateLimit = rateLimit
        self.retry = retry
        self.userAgent = userAgent
    }

    /// A server on a plain URL, e.g. a loopback test server or the embedded API, with an optional
    /// bearer token and CA.
    public static func server(url: String, token: String? = nil, certificateAuthority: Data? = nil) -> Self {
        KubernetesClientConfiguration(
            server: url,
            tls: TLS(certificateAuthority: certificateAuthority.map(Redacted.init)),
            credentials: token.map { .token(Redacted($0)) } ?? .none
        )
    }

    /// TLS settings. Certificates and keys are PEM bytes and reach libcurl as in-memory blobs.
    public struct TLS: Sendable {
        /// PEM of the CA(s) to trust; `nil` uses the system's trust store.
        public var certificateAuthority: Redacted<Data>?
        /// Skips verification of the server certificate (`insecure-skip-tls-verify`). For tests only.
        public var insecureSkipVerify: Bool
        /// The name the server certificate must carry, when it differs from the URL's host (`tls-server-name`).
        public var serverName: String?
        /// A client certificate and key to authenticate with.
        public var clientCertificate: ClientCertificate?

        /// Creates TLS settings.
        public init(
            certificateAuthority: Redacted<Data>? = nil,
            insecureSkipVerify: Bool = false,
            serverName: String? = nil,
            clientCertificate: ClientCertificate? = nil
        ) {
            self.certificateAuthority = certificateAuthority
            self.insecureSkipVerify = insecureSkipVerify
            self.serverName = serverName
            self.clientCertificate = clientCertificate
        }
    }

    /// A client certificate chain and its private key, both PEM.
    public struct ClientCertificate: Sendable, Hashable {
        /// The certificate (chain), PEM.
        public var certificate: Redacted<Data>
        /// The private key, PEM.
        public var key: Redacted<Data>

        /// Creates a client certificate.
        public init(certificate: Redacted<Data>, key: Redacted<Data>) {
            self.certificate = certificate
            self.key = key
        }
    }

    /// How the client gets a bearer token (or, from an exec plugin, a client certificate).
    public enum Credentials: Sendable {
        /// No bearer token (a client certificate may still authenticate).
        case none
        /// A fixed bearer token.
        case token(Redacted<String>)
        /// A token file, re-read when older than `refreshInterval` and after a 401, as
        /// projected service-account tokens rotate.
        case tokenFile(path: String, refreshInterval: Duration = .seconds(60))
        /// A `client.authentication.k8s.io/v1` exec plugin.
        case exec(ExecPlugin)
    }

    /// An exec credential plugin (`users[].user.exec` in a kubeconfig). Its answer is cached until
    /// its `expirationTimestamp`, and it is run again after expiry or a 401.
    public struct ExecPlugin: Sendable, Hashable {
        /// The program; a relative path with a slash is relative to ``workingDirectory``.
        public var command: String
        /// Its arguments.
        public var arguments: [String]
        /// Extra environment variables.
        public var environment: [String: String]
        /// `client.authentication.k8s.io/v1` (or `v1beta1`).
        public var apiVersion: String
        /// Shown when the program cannot be run.
        public var installHint: String?
        /// The directory of the kubeconfig that named the plugin.
        public var workingDirectory: String?

        /// Describes a plugin.
        public init(
            command: String,
            arguments: [String] = [],
            environment: [String: String] = [:],
            apiVersion: String = "client.authentication.k8s.io/v1",
            installHint: String? = nil,
            workingDirectory: String? = nil
        ) {
            self.command = command
            self.arguments = arguments
            self.environment = environment
            self.apiVersion = apiVersion
            self.installHint = installHint
            self.workingDirectory = workingDirectory
        }
    }

    /// Timeouts of one attempt.
    public struct Timeouts: Sendable, Hashable {
        /// Until the TCP and TLS handshakes are done.
        public var connect: Duration
        /// Until a whole non-watch answer has arrived.
        public var request: Duration

        /// Creates timeouts. Defaults: 10 s to connect, 60 s per request (kube-apiserver's own default).
        public init(connect: Duration = .seconds(10), request: Duration = .seconds(60)) {
            self.connect = connect
            self.request = request
        }
    }

    /// The client-side token bucket: `qps` requests per second on average, bursts of `burst`.
    /// Watches count once, when they connect.
    public struct RateLimit: Sendable, Hashable {
        /// Sustained requests per second; `0` or less disables the limit.
        public var qps: Double
        /// Requests allowed at once after a quiet period.
        public var burst: Int

        /// Creates a rate limit. Defaults are 20/40, above client-go's 5/10: one gateway process
        /// carries the pushes of every legacy caller, a push is one request (server-side apply),
        /// and the API server's priority and fairness answers excess with 429, which is retried.
        public init(qps: Double = 20, burst: Int = 40) {
            self.qps = qps
            self.burst = burst
        }
    }

    /// Retries: 429 and 5xx answers (honouring `Retry-After`), and connection failures of
    /// idempotent requests with exponential backoff and jitter.
    public struct RetryPolicy: Sendable, Hashable {
        /// Attempts in all, the first included; `1` disables retries.
        public var maxAttempts: Int
        /// The backoff before the first retry when the server gave no `Retry-After`.
        public var initialBackoff: Duration
        /// The largest backoff.
        public var maxBackoff: Duration
        /// The longest `Retry-After` honoured; longer ones fail at once.
        public var maxRetryAfter: Duration

        /// Creates a retry policy. Defaults: 5 attempts, 200 ms doubling up to 10 s, `Retry-After` up to 60 s.
        public init(
            maxAttempts: Int = 5,
            initialBackoff: Duration = .milliseconds(200),
            maxBackoff: Duration = .seconds(10),
            maxRetryAfter: Duration = .seconds(60)
        ) {
            self.maxAttempts = maxAttempts
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.maxRetryAfter = maxRetryAfter
        }
    }
}
