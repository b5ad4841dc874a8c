extension GatewaySetting {
    // MARK: Metrics and logs

    /// `--log-format`.
    public static let logFormat = GatewaySetting(
        "log-format",
        environment: "GATEWAY_LOG_FORMAT",
        default: "text",
        rule: .choice(["text", "json"]),
        "text (one key=value line per event) or json (one JSON object per line, for log shippers)"
    )
    /// `--metrics-auth`.
    public static let metricsAuth = GatewaySetting(
        "metrics-auth",
        environment: "GATEWAY_METRICS_AUTH",
        default: "none",
        rule: .choice(["none", "token"]),
        "none (GET /metrics needs no token; keep it behind a network policy) or token (a bearer token the legacy API accepts)"
    )
    /// `--metrics-max-clients`.
    public static let metricsMaxClients = GatewaySetting(
        "metrics-max-clients",
        environment: "GATEWAY_METRICS_MAX_CLIENTS",
        default: "100",
        rule: .wholeNumber(1...10000),
        "Clients of the deprecated API counted by name in gateway_deprecated_api_requests_total; later ones count as other"
    )
}
