/// How the gateway shows itself to operators: the `/metrics` endpoint and the log format.
public struct ObservabilityConfiguration: Sendable {
    /// The log lines' form.
    public enum LogFormat: String, Sendable {
        /// `<time> <level> <label>: <key=value …> [<source>] <message>`.
        case text
        /// One JSON object per line.
        case json
    }

    /// What a scrape of `/metrics` must present.
    public enum MetricsAuth: String, Sendable {
        /// Nothing: the port is kept behind a network policy.
        case none
        /// A bearer token the legacy API accepts.
        case token
    }

    /// `--log-format`.
    public var logFormat: LogFormat = .text
    /// `--metrics-auth`.
    public var metricsAuth: MetricsAuth = .none
    /// `--metrics-max-clients`: clients of the deprecated API with series of their own.
    public var metricsMaxClients = 100

    /// Creates the defaults.
    public init() {}

    /// The settings of `values`.
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the rule.
    public static func resolve(_ values: GatewaySettingValues) throws -> ObservabilityConfiguration {
        var configuration = ObservabilityConfiguration()
        if let format = try values.choice(.logFormat).flatMap(LogFormat.init(rawValue:)) { configuration.logFormat = format }
        if let auth = try values.choice(.metricsAuth).flatMap(MetricsAuth.init(rawValue:)) { configuration.metricsAuth = auth }
        if let clients = try values.wholeNumber(.metricsMaxClients) { configuration.metricsMaxClients = clients }
        return configuration
    }
}
