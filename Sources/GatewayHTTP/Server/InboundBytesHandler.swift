import NIOCore

/// When the first byte of the next request arrived: written by ``InboundBytesHandler`` at the
/// front of the pipeline, read by ``RequestGuardHandler`` behind the HTTP decoder, which cannot
/// see bytes the decoder holds back in a partial head. Confined to the channel's event loop.
final class InboundActivity {
    /// The first byte after the accept or after the last response, if one arrived.
    var firstByteAt: NIODeadline?

    /// Creates an activity record with no byte seen.
    init() {}
}

/// The first handler of a connection: notes when bytes arrive, so an idle keep-alive connection
/// (nothing sent) can be told from a half-sent request head.
final class InboundBytesHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let activity: InboundActivity

    /// Creates the handler that records into `activity`.
    init(activity: InboundActivity) {
        self.activity = activity
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if activity.firstByteAt == nil { activity.firstByteAt = context.eventLoop.now }
        context.fireChannelRead(data)
    }
}

/// Stands in front of a connection over the connection cap: answers 503 with `Retry-After` at
/// once, without reading the request, and closes. Nothing reaches the HTTP decoder.
final class ConnectionRefusalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let answer: ByteBuffer
    private var answered = false

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

    private func refuse(_ context: ChannelHandlerContext) {
        guard !answered else { return }
        answered = true
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(NIOAny(answer), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
