import Foundation
import Synchronization

/// One watch connection: waits for the answer's head, then yields the body's lines as they stream.
final class WatchConnection: CurlTransferObserver {
    private struct State {
        var head: HTTPResponseHead?
        var headWaiter: CheckedContinuation<Void, any Error>?
        var headOutcome: Result<Void, any Error>?
        var errorBody = Data()
        var lineBuffer = LineBuffer()
        var transfer: CurlTransfer?
    }

    /// The body's lines, each one JSON watch event.
    let lines: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private let state = Mutex(State())
    private let loop: CurlMultiLoop

    private init(loop: CurlMultiLoop) {
        (lines, continuation) = AsyncThrowingStream.makeStream(of: Data.self)
        self.loop = loop
    }

    /// Starts a watch request and waits until the server answered 200.
    /// - Throws: ``KubernetesError`` built from a non-200 answer, or ``TransportFailure``.
    static func open(_ request: CurlRequest, on loop: CurlMultiLoop) async throws -> WatchConnection {
        let connection = WatchConnection(loop: loop)
        let transfer = try CurlTransfer(request: request, observer: connection)
        connection.state.withLock { $0.transfer = transfer }
        connection.continuation.onTermination = { [weak connection] _ in connection?.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
                let ready = connection.state.withLock { state -> Result<Void, any Error>? in
                    if state.headOutcome == nil { state.headWaiter = waiter }
                    return state.headOutcome
                }
                if let ready { waiter.resume(with: ready) }
                do {
                    try loop.submit(transfer)
                } catch {
                    connection.state.withLock { $0.transfer = nil }
                    connection.resolveHead(.failure(error))
                }
            }
        } onCancel: {
            connection.cancel()
        }
        return connection
    }

    /// The answer's status line and headers, once it arrived.
    var head: HTTPResponseHead? { state.withLock { $0.head } }

    /// Stops the transfer; the lines finish.
    func cancel() {
        let transfer = state.withLock { $0.transfer }
        transfer?.cancel()
        loop.wake()
    }

    private func resolveHead(_ outcome: Result<Void, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard state.headOutcome == nil else { return nil }
            state.headOutcome = outcome
            defer { state.headWaiter = nil }
            return state.headWaiter
        }
        waiter?.resume(with: outcome)
    }

    func transferReceivedHead(_ head: HTTPResponseHead) {
        state.withLock { $0.head = head }
        if head.status == 200 { resolveHead(.success(())) }
    }

    func transferReceived(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let lines = state.withLock { state -> [Data]? in
            guard state.head?.status == 200 else {
                if state.errorBody.count < 1 << 20 { state.errorBody.append(contentsOf: bytes) }
                return nil
            }
            return state.lineBuffer.append(bytes)
        }
        for line in lines ?? [] { continuation.yield(line) }
        return true
    }

    func transferCompleted(_ failure: TransportFailure?) {
        let (head, body, rest) = state.withLock { state in
            defer { state.transfer = nil }
            return (state.head, state.errorBody, state.head?.status == 200 ? state.lineBuffer.flush() : nil)
        }
        if let head, head.status != 200, failure == nil {
            resolveHead(.failure(KubernetesError(response: head, body: body)))
        } else if let failure {
            resolveHead(.failure(failure))
        } else if head == nil {
            resolveHead(.failure(TransportFailure(kind: .other, message: "the answer had no status line")))
        }
        if let rest { continuation.yield(rest) }
        if let failure, failure.kind != .cancelled {
            continuation.finish(throwing: failure)
        } else {
            continuation.finish()
        }
    }
}
