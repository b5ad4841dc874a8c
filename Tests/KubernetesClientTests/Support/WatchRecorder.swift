import Foundation
import KubernetesClient

/// Consumes a watch in a task and keeps what it saw, so tests can wait for events with a deadline.
actor WatchRecorder<Object: Sendable> {
    private(set) var events: [WatchEvent<Object>] = []
    private(set) var error: (any Error)?
    private(set) var finished = false
    private var task: Task<Void, Never>?

    /// Starts consuming.
    static func start(_ stream: WatchStream<Object>) async -> WatchRecorder<Object> {
        let recorder = WatchRecorder<Object>()
        await recorder.consume(stream)
        return recorder
    }

    private func consume(_ stream: WatchStream<Object>) {
        task = Task {
            do {
                for try await event in stream { self.append(event) }
                self.finish(nil)
            } catch {
                self.finish(error)
            }
        }
    }

    private func append(_ event: WatchEvent<Object>) { events.append(event) }

    private func finish(_ error: (any Error)?) {
        self.error = error
        finished = true
    }

    /// The event types so far, bookmarks left out.
    var types: [WatchEventType] { events.map(\.type).filter { $0 != .bookmark } }

    /// Cancels the consuming task and waits for it to end.
    func cancel() async {
        task?.cancel()
        await task?.value
    }

    /// Waits until `count` non-bookmark events arrived.
    nonisolated func waitForEvents(_ count: Int) async -> Bool {
        _ = await eventually { await self.typesOrFinished(count) }
        return await types.count >= count
    }

    private func typesOrFinished(_ count: Int) -> Bool { types.count >= count || finished }

    /// Waits until the stream ended.
    nonisolated func waitUntilFinished() async -> Bool {
        await eventually { await self.finished }
    }
}
