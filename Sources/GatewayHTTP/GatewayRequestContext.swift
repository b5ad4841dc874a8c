import Hummingbird
import NIOCore

/// The request context of every gateway route.
public struct GatewayRequestContext: RequestContext {
    /// What Hummingbird keeps per request (logger, parameters, endpoint path).
    public var coreContext: CoreRequestContextStorage
    /// The caller of a legacy route, once authenticated.
    public var principal: Principal?
    /// The request's id: the caller's `X-Request-Id` when valid, else one generated.
    public var requestID: String?
    /// What the legacy handler learned, for the middleware around it.
    let legacyCall = LegacyCallNotes()
    /// The caller's IP address, without its port; `nil` when the channel has none.
    public var remoteAddress: String?

    /// Creates a context for one request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}
