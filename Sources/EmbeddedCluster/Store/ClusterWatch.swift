import GatewayCore
import Hummingbird
import Synchronization

/// A running watch: an `AsyncSequence` of ``WatchEvent`` in resourceVersion order.
///
/// The API layer writes each event as one compact JSON line and flushes. It owns the timing:
/// it ends the watch after `timeoutSeconds` with ``stop()``, and calls ``requestBookmark()``
/// periodically when `allowWatchBookmarks=true` (the store then inserts a BOOKMARK at the right
/// place in the stream; it ignores the request while initial events are still being sent or when
/// bookmarks were not allowed).
///
/// The sequence ends after an ``WatchEvent/error(_:)``, after ``stop()``, and when the watcher
/// falls more than ``ClusterWatch/maximumBacklog`` events behind (as the apiserver closes slow
/// watchers; the client re-watches from its last resourceVersion).
public struct ClusterWatch: AsyncSequence, Sendable {
    /// The element type.
    public typealias Element = WatchEvent
    /// The sequence never throws.
    public typealias Failure = Never

    /// How many undelivered events a watch may hold before it is closed. Each holds a parsed
    /// object, so this bounds a slow watcher's memory (about 30 KiB an event).
    public static let maximumBacklog = 1_000

    let events: AsyncStream<WatchEvent>
    let subscriber: WatchSubscriber
    let frames: WatchFrameCache

    /// The iterator.
    public func makeAsyncIterator() -> AsyncStream<WatchEvent>.Iterator {
        events.makeAsyncIterator()
    }

    /// The line to write for `event` shown in `apiVersion` (`{"type":…,"object":…}` and a newline),
    /// encoded once for all the store's watches.
    public func line(for event: WatchEvent, apiVersion: String, kind: String = InferenceWorkloadResource.kind) -> ByteBuffer {
        frames.line(for: event, apiVersion: apiVersion, kind: kind)
    }

    /// How many events the sequence has received so far. A reader that has taken fewer gets the
    /// next one without waiting, so it can write several in one go.
    public var eventsReceived: Int {
        subscriber.yieldedCount
    }

    /// Asks for a BOOKMARK carrying the resourceVersion this watch has caught up to.
    public func requestBookmark() {
        subscriber.requestBookmark()
    }

    /// Ends the watch; the sequence finishes after the events already queued.
    public func stop() {
        subscriber.finish()
    }
}
