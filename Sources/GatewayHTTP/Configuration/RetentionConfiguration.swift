/// How long the audit log and the idempotency keys are kept (`--audit-retention`,
/// `--idempotency-retention`), and how often ``RetentionPruner`` forgets what is older.
public struct RetentionConfiguration: Sendable, Equatable {
    /// How long an audit row is kept.
    public var audit: Duration = .seconds(90 * 86_400)
    /// How long an idempotency key's stored answer is kept.
    public var idempotencyKeys: Duration = .seconds(24 * 3600)
    /// Time between two prunes.
    public var interval: Duration = .seconds(3600)

    /// Creates the defaults.
    public init() {}

    /// The settings of `values`.
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the rule.
    public static func resolve(_ values: GatewaySettingValues) throws -> RetentionConfiguration {
        var configuration = RetentionConfiguration()
        if let days = try values.wholeNumber(.auditRetention) { configuration.audit = .seconds(days * 86_400) }
        if let hours = try values.wholeNumber(.idempotencyRetention) { configuration.idempotencyKeys = .seconds(hours * 3600) }
        return configuration
    }
}
