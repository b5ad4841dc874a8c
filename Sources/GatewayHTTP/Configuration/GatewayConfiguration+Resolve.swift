extension GatewayConfiguration {
    /// The whole configuration of `serve` from `values` (flags over the environment over a `--config` file).
    /// - Parameter migrateOnStart: `false` with `--no-migrate`.
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the rule.
    public static func resolve(_ values: GatewaySettingValues, migrateOnStart: Bool = true) throws -> GatewayConfiguration {
        var http = HTTP()
        if let port = try values.wholeNumber(.port) { http.port = port }
        if let host = values.text(.host) { http.host = host }
        let legacy = try LegacyAPIConfiguration.resolve(values)
        var configuration = GatewayConfiguration(
            http: http,
            database: Database(path: values.text(.database) ?? Database.defaultPath, migrateOnStart: migrateOnStart),
            legacy: legacy
        )
        configuration.cluster = try ClusterConfiguration.resolve(values)
        configuration.sync = try SyncConfiguration.resolve(values)
        configuration.observability = try ObservabilityConfiguration.resolve(values)
        configuration.retention = try RetentionConfiguration.resolve(values)
        try configuration.http.resolveBounds(values, largestBody: legacy.maximumBodySize)
        configuration.shutdown = try Shutdown(
            deadline: values.duration(.shutdownTimeout) ?? .seconds(25),
            drain: values.duration(.shutdownDrain) ?? .zero
        )
        guard configuration.shutdown.drain < configuration.shutdown.deadline else {
            throw GatewayConfigurationError(
                "\(GatewaySetting.shutdownDrain.flag) must be shorter than \(GatewaySetting.shutdownTimeout.flag), which it is part of"
            )
        }
        return configuration
    }
}
