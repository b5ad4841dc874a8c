import Crypto
import Foundation
import GatewayPersistence
import Hummingbird
import Synchronization

/// Encoded answers of the legacy list and get calls, reused while no workload changed.
///
/// Dashboards poll the same lists every few seconds, many at once. Each entry remembers the
/// store's workloads revision it was built at; a poll at the same revision reuses the body and its
/// `ETag` without touching SQLite or the encoder, not even to look up the project. Any committed
/// workload or project change moves the revision (the store's ``StoreChangeFeed``), and the next
/// poll builds the entry again.
///
/// Concurrent polls of a stale entry share one build: the first builds, the others wait for it,
/// so a burst of changes under many pollers costs one build per change, not one per poller.
final class PollCache: Sendable {
    /// One encoded answer.
    struct Entry: Sendable {
        var generation: Int
        var body: ByteBuffer
        var tag: String
        /// The Cluster-API resource that replaces this answer.
        var successor: SuccessorTarget
    }

    /// What the cache holds for one key.
    private enum Slot {
        case ready(Entry)
        /// A build for `generation` is running; `waiters` get its result.
        case building(generation: Int, waiters: [CheckedContinuation<Entry?, any Error>])
    }

    /// What a poll does about a key.
    private enum Role {
        case hit(Entry)
        case lead
        case follow
    }

    private let slots = Mutex<[String: Slot]>([:])
    private let revision: @Sendable () -> Int
    private let capacity: Int
    /// Counts answers reused (hits: ready, or built by another poll) and built (misses).
    private let metrics: PollCacheMetrics?

    /// Creates a cache that follows the store's workloads revision, keeping at most `capacity` answers.
    init(feed: any StoreChangeFeed, capacity: Int = 4096, metrics: PollCacheMetrics? = nil) {
        self.revision = { feed.workloadsRevision }
        self.capacity = capacity
        self.metrics = metrics
    }

    /// Creates a cache that follows `changes`, keeping at most `capacity` answers.
    init(changes: ChangeCounter, capacity: Int = 4096) {
        self.revision = { changes.current }
        self.capacity = capacity
        self.metrics = nil
    }

    /// The answer for `key`: cached when nothing changed since it was built, else from `build`
    /// (run by one caller at a time per key). An error `build` throws reaches every caller that
    /// waited for that build, and is not cached.
    func answer(
        for key: String,
        build: () async throws -> (body: Data, successor: SuccessorTarget)
    ) async throws -> Entry {
        while true {
            let generation = revision()
            switch role(for: key, generation: generation) {
            case .hit(let entry):
                metrics?.hit()
                return entry
            case .lead:
                metrics?.miss()
                return try await lead(key: key, generation: generation, build: build)
            case .follow:
                if let entry = try await follow(key: key, generation: generation) {
                    metrics?.hit()
                    return entry
                }
            }
        }
    }

    /// Decides, under the lock, whether `key` is fresh, being built, or ours to build.
    private func role(for key: String, generation: Int) -> Role {
        slots.withLock { slots in
            switch slots[key] {
            case .ready(let entry) where entry.generation == generation:
                return .hit(entry)
            case .building(let building, _) where building >= generation:
                return .follow
            case .building(_, let waiters):
                // An older build is still running: this one supersedes it and answers its waiters.
                slots[key] = .building(generation: generation, waiters: waiters)
                return .lead
            case .ready, nil:
                if slots.count >= capacity { slots = slots.filter { if case .building = $0.value { true } else { false } } }
                slots[key] = .building(generation: generation, waiters: [])
                return .lead
            }
        }
    }

    private func lead(
        key: String,
        generation: Int,
        build: () async throws -> (body: Data, successor: SuccessorTarget)
    ) async throws -> Entry {
        let result: Result<Entry, any Error>
        do {
            let (body, successor) = try await build()
            result = .success(Entry(generation: generation, body: ByteBuffer(bytes: body), tag: Self.tag(of: body), successor: successor))
        } catch {
            result = .failure(error)
        }
        let waiters = slots.withLock { slots -> [CheckedContinuation<Entry?, any Error>] in
            // A newer build took the slot over (with our waiters): leave it alone.
            guard case .building(generation, let waiters) = slots[key] else { return [] }
            switch result {
            case .success(let entry): slots[key] = .ready(entry)
            case .failure: slots[key] = nil
            }
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result.map(Optional.some)) }
        return try result.get()
    }

    /// Waits for the running build of `key`; `nil` when it already ended without leaving an
    /// entry for this generation (the caller then looks again).
    private func follow(key: String, generation: Int) async throws -> Entry? {
        let entry: Entry? = try await withCheckedThrowingContinuation { continuation in
            let registered = slots.withLock { slots -> Bool in
                guard case .building(let building, var waiters) = slots[key], building >= generation else { return false }
                waiters.append(continuation)
                slots[key] = .building(generation: building, waiters: waiters)
                return true
            }
            if !registered { continuation.resume(returning: nil) }
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
