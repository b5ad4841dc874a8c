import Foundation

extension GatewayConfiguration.HTTP {
    /// Applies the connection bounds of `values`.
    ///
    /// - Parameter largestBody: the largest single request body the gateway accepts
    ///   (`--max-body-size`); the body budget must hold at least one.
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the rule.
    public mutating func resolveBounds(_ values: GatewaySettingValues, largestBody: Int) throws {
        if let timeout = try values.duration(.clientHeaderTimeout) { clientHeaderTimeout = timeout }
        if let timeout = try values.duration(.clientBodyTimeout) { clientBodyTimeout = timeout }
        if let timeout = try values.duration(.keepAliveTimeout) { keepAliveTimeout = timeout }
        if let count = try values.wholeNumber(.maxConnections) { maxConnections = count }
        if let bytes = try values.byteCount(.maxBufferedBodyBytes) { maxBufferedBodyBytes = bytes }
        guard maxBufferedBodyBytes >= largestBody else {
            throw GatewayConfigurationError(
                "--max-buffered-body-bytes (\(maxBufferedBodyBytes)) must be at least --max-body-size (\(largestBody)), "
                    + "or no request of the largest allowed size could ever be received"
            )
        }
    }
}
