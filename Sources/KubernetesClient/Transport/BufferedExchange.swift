import Foundation
import Synchronization

/// Collects a whole answer of one transfer and hands it to the awaiting task.
final class BufferedExchange: CurlTransferObserver {
    private struct State {
        var head: HTTPResponseHead?
        var body = Data()
        var continuation: CheckedContinuation<HTTPResponse, any Error>?
        var outcome: Result<HTTPResponse, any Error>?
    }

    /// Answers larger than this are refused (the API server pages lists long before).
    static let maximumBodySize = 256 << 20

    private let state = Mutex(State())

    /// Runs a request on the loop and waits for the complete answer. Task cancellation aborts the transfer.
    static func perform(_ request: CurlRequest, on loop: CurlMultiLoop) async throws -> HTTPResponse {
        let exchange = BufferedExchange()
        let transfer = try CurlTransfer(request: request, observer: exchange)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                exchange.wait(continuation)
                do {
                    try loop.submit(transfer)
                } catch {
                    exchange.finish(.failure(error))
                }
            }
        } onCancel: {
            transfer.cancel()
            loop.wake()
        }
    }

    private func wait(_ continuation: CheckedContinuation<HTTPResponse, any Error>) {
        let ready = state.withLock { state -> Result<HTTPResponse, any Error>? in
            if state.outcome == nil { state.continuation = continuation }
            return state.outcome
        }
        if let ready { continuation.resume(with: ready) }
    }

    private func finish(_ outcome: Result<HTTPResponse, any Error>) {
        let continuation = state.withLock { state -> CheckedContinuation<HTTPResponse, any Error>? in
            guard state.outcome == nil else { return nil }
            state.outcome = outcome
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(with: outcome)
    }

    func transferReceivedHead(_ head: HTTPResponseHead) {
        state.withLock { $0.head = head }
    }

    func transferReceived(_ bytes: UnsafeRawBufferPointer) -> Bool {
        state.withLock { state in
            guard state.body.count + bytes.count <= Self.maximumBodySize else { return false }
            state.body.append(contentsOf: bytes)
            return true
        }
    }

    func transferCompleted(_ failure: TransportFailure?) {
        let (head, body) = state.withLock { ($0.head, $0.body) }
        if let failure {
            finish(.failure(failure))
        } else if let head {
            finish(.success(HTTPResponse(head: head, body: body)))
        } else {
            finish(.failure(TransportFailure(kind: .other, message: "the answer had no status line")))
        }
    }
}
