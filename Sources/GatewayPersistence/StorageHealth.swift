import Foundation
import Logging
import Synchronization

/// Whether the database's storage takes writes: shared by every writer of one database, read by
/// the readiness check.
///
/// The first write refused for lack of space turns it ``Condition/full`` and logs one `error`
/// line; once a write succeeds again it turns ``Condition/available`` and logs one `info` line.
/// Writes refused in between are logged at `debug` only.
///
/// While full, what counts as a write succeeding again is a probe (``GroupCommitter/probeStorage(interval:)``),
/// run after any successful write and by the readiness check: it runs only when the file system has
/// ``recoveryMargin`` free (when it can tell) and commits only when the database's own size limit
/// leaves room too. On an almost full disk small writes (an audit row) still fit where a submit
/// does not, and readiness must not flap with them.
public final class StorageHealth: Sendable {
    /// The state of the storage.
    public enum Condition: String, Sendable, Equatable {
        /// Writes succeed.
        case available = "ok"
        /// Writes fail for lack of space.
        case full
    }

    private struct State {
        var condition = Condition.available
        var since: ContinuousClock.Instant?
        var refusedWrites = 0
        var lastProbe: ContinuousClock.Instant?
    }

    /// Free space a full disk must regain before a successful write counts as recovery.
    public static let recoveryMargin: Int64 = 1 << 20

    private let state = Mutex(State())
    private let directory: String?
    private let logger: Logger?

    /// Creates the health of the database whose file lies in `directory` (`nil` in memory).
    public init(directory: String?, logger: Logger?) {
        self.directory = directory
        self.logger = logger
    }

    /// The current condition.
    public var condition: Condition { state.withLock { $0.condition } }

    /// Whether writes currently fail for lack of space.
    public var isFull: Bool { condition == .full }

    /// Bytes free for the database's file system, or `nil` when unknown (in memory).
    public var availableBytes: Int64? {
        guard let directory,
            let attributes = try? FileManager.default.attributesOfFileSystem(forPath: directory),
            let free = attributes[.systemFreeSize] as? NSNumber
        else { return nil }
        return free.int64Value
    }

    /// Records a write refused for lack of space; logs once when the storage becomes full.
    public func recordFull(_ error: StoreError) {
        let becameFull = state.withLock { state in
            state.refusedWrites += 1
            guard state.condition == .available else { return false }
            state.condition = .full
            state.since = .now
            return true
        }
        if becameFull {
            logger?.error(
                "storage is full: writes are refused until space is freed",
                metadata: [
                    "gateway.storage.directory": "\(directory ?? ":memory:")",
                    "gateway.storage.available_bytes": "\(availableBytes.map(String.init) ?? "unknown")",
                    "gateway.error": "\(error.message)",
                ]
            )
        } else {
            logger?.debug("write refused: storage is full")
        }
    }

    /// Records that a probe write succeeded; logs once when it ends a full period.
    func recordRecovered() {
        let ended = state.withLock { state -> (Duration, Int)? in
            guard state.condition == .full else { return nil }
            let elapsed = state.since.map { ContinuousClock.now - $0 } ?? .zero
            defer { state = State(lastProbe: state.lastProbe) }
            return (elapsed, state.refusedWrites)
        }
        if let (elapsed, refused) = ended {
            logger?.info(
                "storage accepts writes again",
                metadata: [
                    "gateway.storage.full_seconds": "\(elapsed.components.seconds)",
                    "gateway.storage.refused_writes": "\(refused)",
                ]
            )
        }
    }

    /// Whether a probe write is worth trying now: the storage is full, the disk has regained
    /// ``recoveryMargin`` (or cannot tell) and no probe ran in the last `interval`.
    func shouldProbe(interval: Duration) -> Bool {
        guard isFull, hasRecoveryMargin else { return false }
        return state.withLock { state in
            let now = ContinuousClock.now
            if let last = state.lastProbe, now - last < interval { return false }
            state.lastProbe = now
            return true
        }
    }

    private var hasRecoveryMargin: Bool {
        availableBytes.map { $0 >= Self.recoveryMargin } ?? true
    }
}
