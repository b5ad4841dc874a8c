import Foundation
import Synchronization

/// One raw transfer: waits for the answer's head (any status), then yields the body's bytes as
/// libcurl delivers them, chunk by chunk, without reading or buffering the whole answer.
///
/// The consumer must keep up: once more than ``maximumPending`` bytes were received and not yet
/// taken, the transfer is aborted and the stream ends with a failure (as the API server drops a
/// watcher that does not read).
final class RawExchange: CurlTransferObserver {
    private struct State {
        var head: HTTPResponseHead?
        var headWaiter: CheckedContinuation<HTTPResponseHead, any Error>?
        var headOutcome: Result<HTTPResponseHead, any Error>?
        var transfer: CurlTransfer?
        var pending = 0
    }

    /// The body's chunks, in arrival order.
    let chunks: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private let state = Mutex(State())
    private let loop: CurlMultiLoop
    /// The most bytes received and not yet taken by the consumer.
    let maximumPending: Int

    private init(loop: CurlMultiLoop, maximumPending: Int) {
        (chunks, continuation) = AsyncThrowingStream.makeStream(of: Data.self)
        self.loop = loop
        self.maximumPending = maximumPending
    }

    /// Starts `request` and waits for the answer's status line and headers.
    /// - Throws: ``TransportFailure`` when no answer arrived.
    static func open(_ request: CurlRequest, on loop: CurlMultiLoop, maximumPending: Int) async throws -> (RawExchange, HTTPResponseHead) {
        let exchange = RawExchange(loop: loop, maximumPending: maximumPending)
        let transfer = try CurlTransfer(request: request, observer: exchange)
        exchange.state.withLock { $0.transfer = transfer }
        exchange.continuation.onTermination = { [weak exchange] _ in exchange?.cancel() }
        let head = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<HTTPResponseHead, any Error>) in
                let ready = exchange.state.withLock { state -> Result<HTTPResponseHead, any Error>? in
                    if state.headOutcome == nil { state.headWaiter = waiter }
                    return state.headOutcome
                }
                if let ready { waiter.resume(with: ready) }
                do {
                    try loop.submit(transfer)
                } catch {
                    exchange.state.withLock { $0.transfer = nil }
                    exchange.resolveHead(.failure(error))
                }
            }
        } onCancel: {
            exchange.cancel()
        }
        return (exchange, head)
    }

    /// Stops the transfer; the chunks finish.
    func cancel() {
        let transfer = state.withLock { $0.transfer }
        transfer?.cancel()
        loop.wake()
    }

    /// The consumer took `count` bytes.
    func consumed(_ count: Int) {
        state.withLock { $0.pending -= count }
    }

    private func resolveHead(_ outcome: Result<HTTPResponseHead, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<HTTPResponseHead, any Error>? in
            guard state.headOutcome == nil else { return nil }
            state.headOutcome = outcome
            defer { state.headWaiter = nil }
            return state.headWaiter
        }
        waiter?.resume(with: outcome)
    }

    func transferReceivedHead(_ head: HTTPResponseHead) {
        state.withLock { $0.head = head }
        resolveHead(.success(head))
    }

    func transferReceived(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let keep = state.withLock { state -> Bool in
            state.pending += bytes.count
            return state.pending <= maximumPending
        }
        guard keep else { return false }
        continuation.yield(Data(bytes))
        return true
    }

    func transferCompleted(_ failure: TransportFailure?) {
        let (head, overrun) = state.withLock { state in
            defer { state.transfer = nil }
            return (state.head, state.pending > maximumPending)
        }
        if let failure {
            resolveHead(.failure(failure))
        } else if head == nil {
            resolveHead(.failure(TransportFailure(kind: .other, message: "the answer had no status line")))
        }
        if overrun {
            continuation.finish(throwing: TransportFailure(kind: .other, message: "the reader fell more than \(maximumPending) bytes behind"))
        } else if let failure, failure.kind != .cancelled {
            continuation.finish(throwing: failure)
        } else {
            continuation.finish()
        }
    }
}
