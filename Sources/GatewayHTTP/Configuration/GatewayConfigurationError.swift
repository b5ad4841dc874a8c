/// A configuration the gateway refuses to start with. The message names the setting and the rule.
public struct GatewayConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, for the operator.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
