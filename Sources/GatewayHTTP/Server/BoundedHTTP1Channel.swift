import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 child channel with the gateway's connection bounds around it:
///
/// ```
/// [ConnectionRefusalHandler | InboundBytesHandler] → HTTP encoder/decoder → RequestGuardHandler → Hummingbird
/// ```
///
/// A connection over ``Bounds/connections`` gets a 503 with `Retry-After` at once and is closed:
/// the client learns to retry immediately, where leaving it in the listen backlog (Hummingbird's
/// `availableConnectionsDelegate`) would leave it waiting with no answer and no timeout.
struct BoundedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    /// The bounds shared by every connection of the server.
    struct Bounds: Sendable {
        /// Timeouts, body budget and answers.
        var guardConfiguration: RequestGuardHandler.Configuration
        /// Open connections at once.
        var connections: SharedAllowance
        /// `Retry-After` of a refused connection, in seconds.
        var retryAfter: Int = 1
    }

    /// Hummingbird's channel, which builds the HTTP/1 pipeline and serves the requests.
    let inner: HTTP1Channel
    /// The bounds, shared by every connection.
    let bounds: Bounds

    /// Builds Hummingbird's pipeline, then puts the bounds around it (or, over the connection
    /// cap, the refusal in front of it).

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let admitted = bounds.connections.reserve()
        if admitted {
            let connections = bounds.connections
            channel.closeFuture.whenComplete { _ in connections.release() }
        }
        return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            guard admitted else {
                let problem = EarlyProblem.tooManyConnections(limit: bounds.connections.limit, retryAfter: bounds.retryAfter)
                let answer = bounds.guardConfiguration.renderer.renderBytes(problem)
                try pipeline.addHandler(ConnectionRefusalHandler(answer: answer), position: .first)
                return value
            }
            let activity = InboundActivity()
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(
                RequestGuardHandler(configuration: bounds.guardConfiguration, activity: activity),
                position: .after(decoder)
            )
            try pipeline.addHandler(InboundBytesHandler(activity: activity), position: .first)
            return value
        }
    }

    /// Serves the connection's requests with Hummingbird.
    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// An HTTP/1 server whose connections are bounded by `bounds` (see ``BoundedHTTP1Channel``).
    static func boundedHTTP1(_ bounds: BoundedHTTP1Channel.Bounds) -> HTTPServerBuilder {
        .init { responder in
            BoundedHTTP1Channel(inner: HTTP1Channel(responder: responder, configuration: .init()), bounds: bounds)
        }
    }
}

extension GatewayConfiguration.HTTP {
    /// The connection bounds of these settings, answering in the shape `renderer` gives.
    func bounds(renderer: EarlyAnswerRenderer) -> BoundedHTTP1Channel.Bounds {
        BoundedHTTP1Channel.Bounds(
            guardConfiguration: RequestGuardHandler.Configuration(
                limits: RequestProgress.Limits(
                    header: TimeAmount(clientHeaderTimeout),
                    body: TimeAmount(clientBodyTimeout),
                    keepAlive: TimeAmount(keepAliveTimeout)
                ),
                bodies: SharedAllowance(limit: maxBufferedBodyBytes),
                renderer: renderer
            ),
            connections: SharedAllowance(limit: maxConnections)
        )
    }
}
