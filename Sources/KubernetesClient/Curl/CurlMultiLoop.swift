import CCurl
import Foundation
import Synchronization

/// Runs every transfer of one client on a single dedicated thread with libcurl's multi interface.
///
/// The multi handle keeps a connection cache (HTTP/1.1 keep-alive and HTTP/2 multiplexing, so many
/// watches share one connection), and a share handle keeps DNS answers and TLS sessions. Blocking
/// work (`curl_multi_poll`, TLS handshakes, callbacks) never runs on Swift's cooperative pool or
/// an event loop. Other threads only enqueue transfers and call `curl_multi_wakeup`, which libcurl
/// documents as thread-safe.
final class CurlMultiLoop: Sendable {
    private struct State {
        var pending: [CurlTransfer] = []
        var stopping = false
        var stopped = false
    }

    private let handles: Handles

    /// The multi and share handles, and the queue of new transfers. `@unchecked Sendable`: after
    /// `init` only the loop thread uses the handles, except `curl_multi_wakeup`, which is
    /// thread-safe; the loop thread frees them as it ends. `state` is guarded by its mutex.
    private final class Handles: @unchecked Sendable {
        let multi: UnsafeMutableRawPointer
        let share: UnsafeMutableRawPointer
        let state = Mutex(State())

        init() throws {
            guard CurlTransfer.globalInit == CURLE_OK, let multi = curl_multi_init() else {
                throw KubernetesError(.connectionFailed, "libcurl could not be initialised")
            }
            guard let share = curl_share_init() else {
                curl_multi_cleanup(multi)
                throw KubernetesError(.connectionFailed, "libcurl could not be initialised")
            }
            _ = ccurl_share_setopt_lock_data(share, CURL_LOCK_DATA_DNS)
            _ = ccurl_share_setopt_lock_data(share, CURL_LOCK_DATA_SSL_SESSION)
            _ = ccurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
            _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 8)
            self.multi = multi
            self.share = share
        }
    }

    /// Creates the handles and starts the thread.
    /// - Parameter name: The thread's name, for debuggers.
    init(name: String) throws {
        handles = try Handles()
        let handles = self.handles
        let thread = Thread { CurlMultiLoop.run(handles: handles) }
        thread.name = name
        thread.start()
    }

    /// Hands a transfer to the loop.
    /// - Throws: ``KubernetesError/Code/cancelled`` after ``shutdown()``.
    func submit(_ transfer: CurlTransfer) throws {
        let accepted = handles.state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.pending.append(transfer)
            return true
        }
        guard accepted else { throw KubernetesError(.cancelled, "the Kubernetes client was shut down") }
        wake()
    }

    /// Makes the loop look at cancellations and new transfers now.
    func wake() {
        // Under the lock: the loop frees the multi handle only after setting `stopped` under it.
        handles.state.withLock { state in
            if !state.stopped { _ = curl_multi_wakeup(handles.multi) }
        }
    }

    /// Ends every transfer with ``KubernetesError/Code/cancelled`` and stops the thread.
    func shutdown() {
        let first = handles.state.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping
        }
        if first { wake() }
    }

    private static func run(handles: Handles) {
        var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        let multi = handles.multi
        func detach(_ transfer: CurlTransfer) {
            curl_multi_remove_handle(multi, transfer.handle)
            _ = ccurl_setopt_pointer(transfer.handle, CURLOPT_SHARE, nil)
            active[transfer.handle] = nil
        }
        while true {
            let (incoming, stopping) = handles.state.withLock { state in
                defer { state.pending = [] }
                return (state.pending, state.stopping)
            }
            if stopping {
                let cancelled = TransportFailure(kind: .cancelled, message: "shut down")
                for transfer in Array(active.values) + incoming {
                    if active[transfer.handle] != nil { detach(transfer) }
                    transfer.complete(cancelled)
                }
                break
            }
            for transfer in incoming {
                _ = ccurl_setopt_pointer(transfer.handle, CURLOPT_SHARE, handles.share)
                if curl_multi_add_handle(multi, transfer.handle) == CURLM_OK {
                    active[transfer.handle] = transfer
                } else {
                    _ = ccurl_setopt_pointer(transfer.handle, CURLOPT_SHARE, nil)
                    transfer.complete(TransportFailure(kind: .other, message: "libcurl refused the transfer"))
                }
            }
            for transfer in active.values where transfer.isCancelled {
                detach(transfer)
                transfer.complete(TransportFailure(kind: .cancelled, message: "cancelled"))
            }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                    let transfer = active[easy]
                else { continue }
                let result = message.pointee.data.result
                detach(transfer)
                transfer.complete(result)
            }
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        handles.state.withLock { state in
            state.stopped = true
            curl_multi_cleanup(multi)
            curl_share_cleanup(handles.share)
        }
    }
}
