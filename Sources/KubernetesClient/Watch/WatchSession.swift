import Foundation
import Synchronization

/// The connections of one watch: the first, opened by ``CurlKubernetesClient/watch(_:namespace:options:)``,
/// and each one after it. Dropping the session (the stream and its iterator) ends the transfer.
final class WatchSession: Sendable {
    private struct State {
        var initial: WatchConnection?
        var current: WatchConnection?
        var closed = false
    }

    let client: CurlKubernetesClient
    let resource: KubernetesResource
    let namespace: String?
    let options: WatchOptions
    private let state = Mutex(State())

    init(client: CurlKubernetesClient, resource: KubernetesResource, namespace: String?, options: WatchOptions) {
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.options = options
    }

    deinit { close() }

    /// Opens the first connection; errors (403, 410, …) surface from `watch` itself.
    func start() async throws {
        let connection = try await connect(from: options.resourceVersion)
        state.withLock { $0.initial = connection }
    }

    /// Opens a connection from a resource version.
    func connect(from resourceVersion: String?) async throws -> WatchConnection {
        let request = client.watchRequest(resource, namespace: namespace, options: options, resourceVersion: resourceVersion)
        // The server ends the watch at timeoutSeconds; the client gives it half a minute more.
        let timeout = options.timeoutSeconds.map { Duration.seconds($0 + 30) }
        let connection = try await client.openWatch(request, timeout: timeout)
        let closed = state.withLock { state in
            state.current = connection
            return state.closed
        }
        if closed { connection.cancel() }
        return connection
    }

    /// The first connection, once.
    func takeInitial() -> WatchConnection? {
        state.withLock { state in
            defer { state.initial = nil }
            return state.initial
        }
    }

    /// Whether ``close()`` was called.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Ends the current connection; no new one is opened.
    func close() {
        let connection = state.withLock { state in
            state.closed = true
            defer {
                state.current = nil
                state.initial = nil
            }
            return state.current
        }
        connection?.cancel()
    }
}

/// Reads events from a ``WatchSession``, reconnecting from the last resource version when a
/// connection ends, until the consumer stops, the options say not to resume, or an error occurs.
struct WatchCursor {
    let session: WatchSession
    private var lines: AsyncThrowingStream<Data, any Error>.AsyncIterator?
    private var resourceVersion: String?
    private var failures = 0
    private var random = SystemRandomNumberGenerator()

    init(session: WatchSession) {
        self.session = session
        self.resourceVersion = session.options.resourceVersion
    }

    /// The next event; `nil` when the watch ended.
    /// - Throws: ``KubernetesError``: ``KubernetesError/Code/expired`` when the resource version is too old.
    mutating func next() async throws -> WatchEvent<Data>? {
        while true {
            if Task.isCancelled || session.isClosed {
                session.close()
                return nil
            }
            if lines == nil {
                if let initial = session.takeInitial() {
                    lines = initial.lines.makeAsyncIterator()
                } else {
                    do {
                        lines = try await session.connect(from: resourceVersion).lines.makeAsyncIterator()
                    } catch let error as KubernetesError where error.code == .cancelled {
                        return nil
                    }
                }
            }
            let line: Data?
            do {
                line = try await lines?.next()
            } catch let failure as TransportFailure {
                lines = nil
                failures += 1
                let delay = session.client.retryPlanner.delay(
                    after: failures,
                    outcome: .transport(failure.kind),
                    idempotent: true,
                    random: &random
                )
                guard session.options.resumes, let delay else { throw failure.kubernetesError }
                try? await Task.sleep(for: delay)
                continue
            }
            guard let line else {
                lines = nil
                guard session.options.resumes else {
                    session.close()
                    return nil
                }
                continue
            }
            failures = 0
            let event = try WatchEventDecoder.decode(line)
            if let version = event.resourceVersion, !version.isEmpty { resourceVersion = version }
            return event
        }
    }
}
