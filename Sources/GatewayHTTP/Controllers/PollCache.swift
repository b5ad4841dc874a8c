import Crypto
import Foundation
import GatewayPersistence
import Hummingbird
import Synchronization

/// Encoded answers of the legacy list and get calls, reused while no workload changed.
///
/// Dashboards poll the same lists every few seconds, many at once. Each entry remembers the
/// database's workload change count it was built at; a poll at the same count reuses the body
/// and its `ETag` without touching SQLite or the encoder. Any committed workload change moves
/// the count, and the next poll builds the entry again.
final class PollCache: Sendable {
    /// One encoded answer.
    struct Entry: Sendable {
        var generation: Int
        var body: ByteBuffer
        var tag: String
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let changes: ChangeCounter
    private let capacity: Int

    /// Creates a cache that follows `changes`, keeping at most `capacity` answers.
    init(changes: ChangeCounter, capacity: Int = 4096) {
        self.changes = changes
        self.capacity = capacity
    }

    /// The answer for `key`: cached when nothing changed since it was built, else from `build`.
    func answer(for key: String, build: () async throws -> Data) async throws -> Entry {
        let generation = changes.current
        if let entry = entries.withLock({ $0[key] }), entry.generation == generation {
            return entry
        }
        let body = try await build()
        let entry = Entry(generation: generation, body: ByteBuffer(bytes: body), tag: Self.tag(of: body))
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = entry
        }
        return entry
    }

    /// A strong `ETag` for a body: a quoted prefix of its SHA-256.
    static func tag(of body: Data) -> String {
        let hex = SHA256.hash(data: body).prefix(12).map { byte in
            (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }
        return "\"" + hex.joined() + "\""
    }
}
