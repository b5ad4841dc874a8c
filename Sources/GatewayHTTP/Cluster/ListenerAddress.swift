import Foundation
import NIOCore

/// The address the gateway listens on, known once the server runs (the port may be `0`).
actor ListenerAddress {
    private var known: Int?
    private var waiting: [UUID: CheckedContinuation<Int, any Error>] = [:]

    /// Records the bound port of a running server's channel.
    func serverRunning(_ channel: any Channel) {
        guard let port = channel.localAddress?.port else { return }
        known = port
        for continuation in waiting.values { continuation.resume(returning: port) }
        waiting.removeAll()
    }

    /// The bound port, waiting for the server to start if needed.
    /// - Throws: `CancellationError` when the waiting task is cancelled (shutdown before start).
    func port() async throws -> Int {
        if let known { return known }
        let id = UUID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiting[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    private func cancel(_ id: UUID) {
        waiting.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }

    /// A loopback address that reaches a listener bound to `host`.
    static func loopback(for host: String) -> String {
        switch host {
        case "0.0.0.0", "", "*": "127.0.0.1"
        case "::", "[::]": "[::1]"
        default: host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        }
    }
}
