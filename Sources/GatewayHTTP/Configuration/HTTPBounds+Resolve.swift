import Foundation

extension GatewayConfiguration.HTTP {
    /// The connection bounds as given on the command line; `nil` falls back to the environment, then the default.
    public struct BoundSettings: Sendable, Equatable {
        /// `--client-header-timeout`, in seconds.
        public var clientHeaderTimeout: String?
        /// `--client-body-timeout`, in seconds.
        public var clientBodyTimeout: String?
        /// `--keepalive-timeout`, in seconds.
        public var keepAliveTimeout: String?
        /// `--max-connections`.
        public var maxConnections: String?
        /// `--max-buffered-body-bytes`, e.g. `64MiB`.
        public var maxBufferedBodyBytes: String?

        /// Creates settings.
        public init(
            clientHeaderTimeout: String? = nil,
            clientBodyTimeout: String? = nil,
            keepAliveTimeout: String? = nil,
            maxConnections: String? = nil,
            maxBufferedBodyBytes: String? = nil
        ) {
            self.clientHeaderTimeout = clientHeaderTimeout
            self.clientBodyTimeout = clientBodyTimeout
            self.keepAliveTimeout = keepAliveTimeout
            self.maxConnections = maxConnections
            self.maxBufferedBodyBytes = maxBufferedBodyBytes
        }
    }

    /// Applies the connection bounds: flags, then environment variables, then defaults.
    ///
    /// - Parameter largestBody: the largest single request body the gateway accepts
    ///   (`--max-body-size`); the body budget must hold at least one.
    /// - Throws: ``GatewayConfigurationError`` naming the setting and the rule.
    public mutating func resolveBounds(_ settings: BoundSettings, environment: [String: String], largestBody: Int) throws {
        if let text = settings.clientHeaderTimeout ?? environment[GatewayEnvironment.clientHeaderTimeout] {
            clientHeaderTimeout = try Self.timeout(text, flag: "--client-header-timeout")
        }
        if let text = settings.clientBodyTimeout ?? environment[GatewayEnvironment.clientBodyTimeout] {
            clientBodyTimeout = try Self.timeout(text, flag: "--client-body-timeout")
        }
        if let text = settings.keepAliveTimeout ?? environment[GatewayEnvironment.keepAliveTimeout] {
            keepAliveTimeout = try Self.timeout(text, flag: "--keepalive-timeout")
        }
        if let text = settings.maxConnections ?? environment[GatewayEnvironment.maxConnections] {
            guard let count = Int(text.trimmingCharacters(in: .whitespaces)), (1...1_000_000).contains(count) else {
                throw GatewayConfigurationError("--max-connections must be a whole number from 1 to 1000000, not \(text)")
            }
            maxConnections = count
        }
        if let text = settings.maxBufferedBodyBytes ?? environment[GatewayEnvironment.maxBufferedBodyBytes] {
            maxBufferedBodyBytes = try ConfigurationValueParser.byteCount(text, setting: "--max-buffered-body-bytes")
        }
        guard maxBufferedBodyBytes >= largestBody else {
            throw GatewayConfigurationError(
                "--max-buffered-body-bytes (\(maxBufferedBodyBytes)) must be at least --max-body-size (\(largestBody)), "
                    + "or no request of the largest allowed size could ever be received"
            )
        }
    }

    /// A timeout in seconds, from 0.1 to 3600 (fractions allowed).
    private static func timeout(_ text: String, flag: String) throws -> Duration {
        guard let seconds = Double(text.trimmingCharacters(in: .whitespaces)), seconds >= 0.1, seconds <= 3600 else {
            throw GatewayConfigurationError("\(flag) must be a number of seconds from 0.1 to 3600, not \(text)")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

extension GatewayEnvironment {
    /// `--client-header-timeout`.
    public static let clientHeaderTimeout = "GATEWAY_CLIENT_HEADER_TIMEOUT"
    /// `--client-body-timeout`.
    public static let clientBodyTimeout = "GATEWAY_CLIENT_BODY_TIMEOUT"
    /// `--keepalive-timeout`.
    public static let keepAliveTimeout = "GATEWAY_KEEPALIVE_TIMEOUT"
    /// `--max-connections`.
    public static let maxConnections = "GATEWAY_MAX_CONNECTIONS"
    /// `--max-buffered-body-bytes`.
    public static let maxBufferedBodyBytes = "GATEWAY_MAX_BUFFERED_BODY_BYTES"
}
