import NIOCore

/// What the two ends of one connection's pipeline tell each other: written by
/// ``RequestGuardHandler`` behind the HTTP decoder, and by ``InboundBytesHandler`` at the front,
/// which sees bytes the decoder holds back in a partial head. Confined to the channel's event loop.
final class InboundActivity {
    /// The first byte after the accept or after the last response, if one arrived.
    var firstByteAt: NIODeadline?
    /// Whether the server answered early (a timeout, a refusal) while the client may still be
    /// sending: the close then lingers, so unread bytes do not turn it into a reset that would
    /// destroy the answer before the client reads it.
    var lingersOnClose = false

    /// Creates an activity record with no byte seen.
    init() {}
}

/// How long a connection closed after an early answer keeps reading (and dropping) what the
/// client still sends, after its output was shut, before it is closed for good; nginx's
/// `lingering_timeout` is the same 5 s.
let lingeringCloseTime: TimeAmount = .seconds(5)

/// The first handler of a connection: notes when bytes arrive, so an idle keep-alive connection
/// (nothing sent) can be told from a half-sent request head; and closes lingeringly after an
/// early answer: output first (the answer, then FIN), input when the client is done or after
/// ``lingeringCloseTime``.
final class InboundBytesHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let activity: InboundActivity
    private var lingering: Scheduled<Void>?

    /// Creates the handler that records into `activity`.
    init(activity: InboundActivity) {
        self.activity = activity
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard lingering == nil else { return }  // the request was answered; the rest is dropped
        if activity.firstByteAt == nil { activity.firstByteAt = context.eventLoop.now }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        lingering?.cancel()
        lingering = nil
        context.fireChannelInactive()
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all, activity.lingersOnClose, lingering == nil, context.channel.isActive else {
            context.close(mode: mode, promise: promise)
            return
        }
        if let promise { context.channel.closeFuture.cascade(to: promise) }
        lingering = Self.closeLingering(context)
    }

    /// Shuts the output (after what is written) and closes for good after ``lingeringCloseTime``;
    /// the client's own close ends it sooner.
    static func closeLingering(_ context: ChannelHandlerContext) -> Scheduled<Void> {
        context.close(mode: .output, promise: nil)
        return context.eventLoop.assumeIsolated().scheduleTask(in: lingeringCloseTime) { context.close(promise: nil) }
    }
}

/// Stands in front of a connection over the connection cap: answers 503 with `Retry-After` at
/// once, without reading the request, and closes. Nothing reaches the HTTP decoder.
final class ConnectionRefusalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let answer: ByteBuffer
    private var answered = false
    private var lingering: Scheduled<Void>?

    /// Creates the handler that writes `answer` (a complete HTTP/1.1 response).
    init(answer: ByteBuffer) {
        self.answer = answer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { refuse(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        refuse(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // The request is never read: dropped here.
    }

    func channelInactive(context: ChannelHandlerContext) {
        lingering?.cancel()
        lingering = nil
        context.fireChannelInactive()
    }

    private func refuse(_ context: ChannelHandlerContext) {
        guard !answered else { return }
        answered = true
        context.writeAndFlush(NIOAny(answer), promise: nil)
        lingering = InboundBytesHandler.closeLingering(context)
    }
}
