import Foundation
import GatewayCore
import Hummingbird
import Synchronization

/// The encoded lines of recent watch events, shared by every watch of one store.
///
/// Every watch that sees a change writes the same bytes: `{"type":…,"object":…}` and a newline.
/// Encoding them once per change rather than once per watch is what keeps hundreds of open
/// watches from filling the cooperative thread pool with identical JSON encoding (700 watches
/// made `/healthz` take 2 s while workloads changed: half the CPU went to encoding frames).
///
/// An object event is identified by its type, its object's `resourceVersion` and the API version
/// it is shown in: a stored change yields exactly one frame per type. Bookmarks and errors are
/// per watch and are not cached.
final class WatchFrameCache: Sendable {
    private struct Key: Hashable {
        var type: String
        var resourceVersion: String
        var apiVersion: String
    }

    private struct Entries {
        var lines: [Key: ByteBuffer] = [:]
        var order: [Key] = []
        var oldest = 0
    }

    /// How many lines are kept; the oldest go first.
    let capacity: Int
    private let entries = Mutex(Entries())

    /// Creates an empty cache of `capacity` lines.
    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The line of `event` shown in `apiVersion`, encoded once for every watch that asks.
    func line(for event: WatchEvent, apiVersion: String, kind: String = InferenceWorkloadResource.kind) -> ByteBuffer {
        guard case .some(let resourceVersion) = Self.cacheableVersion(event) else {
            return Self.encode(event, apiVersion: apiVersion, kind: kind)
        }
        let key = Key(type: event.type, resourceVersion: resourceVersion, apiVersion: apiVersion)
        if let line = entries.withLock({ $0.lines[key] }) { return line }
        // Encoded outside the lock; two watches racing on a new change may both encode it.
        let line = Self.encode(event, apiVersion: apiVersion, kind: kind)
        entries.withLock { entries in
            guard entries.lines.updateValue(line, forKey: key) == nil else { return }
            entries.order.append(key)
            if entries.order.count - entries.oldest > capacity {
                entries.lines[entries.order[entries.oldest]] = nil
                entries.oldest += 1
                if entries.oldest >= capacity {
                    entries.order.removeFirst(entries.oldest)
                    entries.oldest = 0
                }
            }
        }
        return line
    }

    /// How many lines are held.
    var count: Int { entries.withLock { $0.lines.count } }

    private static func cacheableVersion(_ event: WatchEvent) -> String? {
        switch event {
        case .added, .modified, .deleted: event.resourceVersion
        case .bookmark, .error: nil
        }
    }

    private static func encode(_ event: WatchEvent, apiVersion: String, kind: String) -> ByteBuffer {
        var line = event.frame(apiVersion: apiVersion, kind: kind).compactData
        line.append(0x0A)
        return ByteBuffer(bytes: line)
    }
}
