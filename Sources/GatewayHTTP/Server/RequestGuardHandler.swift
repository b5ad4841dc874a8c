import NIOCore
import NIOHTTP1

/// Why the server ended a request itself; thrown into the request's body stream so a handler
/// that is reading the body fails instead of taking a truncated body for a whole one.
struct RequestGuardError: Error, Sendable, Equatable {
    /// What was wrong.
    let problem: EarlyProblem
}

/// Bounds one HTTP/1 connection, between the HTTP decoder and Hummingbird:
///
/// - the header, body and keep-alive timeouts of ``RequestProgress`` (408 and close where an
///   answer can still be written, otherwise close);
/// - the shared budget of request-body bytes held in memory (503 with `Retry-After`, close);
/// - `Host` on HTTP/1.1 and the decoder's errors (a malformed chunk size…): 400 with a body, close.
///
/// Answers are rendered by ``EarlyAnswerRenderer`` in the shape of the path's API. Once the
/// handler has answered, everything Hummingbird writes afterwards is dropped, and the channel closes.
final class RequestGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// The settings shared by every connection.
    struct Configuration: Sendable {
        /// The timeouts.
        var limits: RequestProgress.Limits
        /// Bytes of request bodies held at once, across connections.
        var bodies: SharedAllowance
        /// How answers look.
        var renderer: EarlyAnswerRenderer
        /// `Retry-After` of a 503 for an exhausted body budget, in seconds.
        var retryAfter: Int = 1
    }

    private let configuration: Configuration
    private let activity: InboundActivity
    private var progress: RequestProgress?
    private var scheduled: (timer: RequestProgress.Timer, task: Scheduled<Void>)?
    private var currentHead: HTTPRequestHead?
    private var answered = false

    /// Creates the guard of one connection; `activity` is shared with its ``InboundBytesHandler``.
    init(configuration: Configuration, activity: InboundActivity) {
        self.configuration = configuration
        self.activity = activity
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered, var progress else { return }
        let now = context.eventLoop.now
        switch unwrapInboundIn(data) {
        case .head(let head):
            let hosts = head.headers["host"].count
            if head.version.major == 1, head.version.minor >= 1, hosts != 1 {
                takeOver(context, problem: .hostRequired(count: hosts), head: head, cause: nil)
                return
            }
            progress.headRead(now: now)
            currentHead = head
        case .body(let buffer):
            guard configuration.bodies.reserve(buffer.readableBytes) else {
                let problem = EarlyProblem.bodyBudgetExhausted(limit: configuration.bodies.limit, retryAfter: configuration.retryAfter)
                takeOver(context, problem: problem, head: currentHead, cause: nil)
                return
            }
            progress.bodyRead(bytes: buffer.readableBytes, now: now)
        case .end:
            progress.endRead()
        }
        self.progress = progress
        context.fireChannelRead(data)
        updateTimer(context)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !answered else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if head.status.code >= 200 { progress?.responseHeadWritten() }
        case .body:
            break
        case .end:
            if let released = progress?.responseEndWritten(now: context.eventLoop.now) {
                configuration.bodies.release(released)
            }
            if progress?.isIdle == true { activity.firstByteAt = nil }
        }
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        if progress?.isIdle == true, let currentHead, !currentHead.isKeepAlive {
            // HTTP/1.0 without keep-alive: close once the answer is out (Hummingbird closes only
            // on `Connection: close`).
            answered = true
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.assumeIsolated().whenComplete { result in
                promise?.completeWith(result)
                context.close(promise: nil)
            }
            context.writeAndFlush(data, promise: written)
            return
        }
        context.write(data, promise: promise)
        updateTimer(context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if answered, error is HTTPParserError { return }  // what a lingering close drops may not parse
        if !answered, let parseError = error as? HTTPParserError {
            let head = progress?.isReadingBody == true ? currentHead : nil
            takeOver(context, problem: .malformed(parseError), head: head, cause: error)
            return
        }
        context.fireErrorCaught(error)
    }

    // MARK: - Timers

    private func start(_ context: ChannelHandlerContext) {
        guard progress == nil else { return }
        progress = RequestProgress(limits: configuration.limits, acceptedAt: context.eventLoop.now)
        updateTimer(context)
    }

    private func stop() {
        scheduled?.task.cancel()
        scheduled = nil
        if let released = progress?.releaseAll() { configuration.bodies.release(released) }
    }

    /// Schedules the timeout that runs now. A later deadline of the same timeout (a body read)
    /// does not reschedule: the timer that fires early waits again.
    private func updateTimer(_ context: ChannelHandlerContext) {
        guard let next = progress?.timer(firstByteAt: activity.firstByteAt) else {
            scheduled?.task.cancel()
            scheduled = nil
            return
        }
        if let scheduled, scheduled.timer.isSameKind(as: next), scheduled.timer.deadline <= next.deadline { return }
        schedule(context, next)
    }

    private func schedule(_ context: ChannelHandlerContext, _ timer: RequestProgress.Timer) {
        scheduled?.task.cancel()
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: timer.deadline) { [self] in
            self.scheduled = nil
            self.timerFired(context)
        }
        scheduled = (timer, task)
    }

    private func timerFired(_ context: ChannelHandlerContext) {
        guard !answered, let progress else { return }
        switch progress.expiry(now: context.eventLoop.now, firstByteAt: activity.firstByteAt) {
        case .none:
            break
        case .wait(let timer):
            schedule(context, timer)
        case .close:
            answered = true
            context.fireErrorCaught(RequestGuardError(problem: .headerTimeout(configuration.limits.header)))
            context.close(promise: nil)
        case .answerTimeout(let header):
            let problem: EarlyProblem =
                header ? .headerTimeout(configuration.limits.header) : .bodyTimeout(configuration.limits.body)
            takeOver(context, problem: problem, head: header ? nil : currentHead, cause: nil)
        }
    }

    // MARK: - Answers

    /// Answers `problem` if an answer can still be written, fails the request's body stream,
    /// and closes the connection once the answer is out.
    private func takeOver(_ context: ChannelHandlerContext, problem: EarlyProblem, head: HTTPRequestHead?, cause: (any Error)?) {
        answered = true
        scheduled?.task.cancel()
        scheduled = nil
        let closed = context.eventLoop.makePromise(of: Void.self)
        closed.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        if progress?.canAnswer ?? true {
            activity.lingersOnClose = true
            let (responseHead, body) = configuration.renderer.render(problem, for: head)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: closed)
        } else {
            closed.succeed()
        }
        context.fireErrorCaught(cause ?? RequestGuardError(problem: problem))
    }
}
