extension GatewaySetting {
    // MARK: Retention

    /// `--audit-retention`.
    public static let auditRetention = GatewaySetting(
        "audit-retention",
        environment: "GATEWAY_AUDIT_RETENTION",
        default: "90",
        rule: .wholeNumber(1...36500),
        "Days the audit log keeps a legacy call, pruned hourly (the daily usage rollups are kept)"
    )
    /// `--idempotency-retention`.
    public static let idempotencyRetention = GatewaySetting(
        "idempotency-retention",
        environment: "GATEWAY_IDEMPOTENCY_RETENTION",
        default: "24",
        rule: .wholeNumber(1...8760),
        "Hours a submit's Idempotency-Key answer is kept for replays, pruned hourly"
    )
}
