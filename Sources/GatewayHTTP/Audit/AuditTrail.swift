import GatewayCore
import GatewayPersistence
import Logging
import ServiceLifecycle
import Synchronization

/// Writes the audit log of legacy calls.
///
/// Writes are recorded at once, each in its own commit, before their answer leaves. Reads
/// (dashboards poll a lot) are queued and written together about once per ``flushInterval``, so
/// a poll never waits for an fsync; the queue is flushed when the service stops, after the HTTP
/// server (which stops first).
public final class AuditTrail: Service, Sendable {
    private let repository: any AuditLogRepository
    private let flushInterval: Duration
    private let logger: Logger
    private let queue = Mutex<[AuditEntry]>([])
    private let dropped = Mutex(0)

    /// Entries held at most while the database does not accept them; older ones are dropped.
    public static let maximumQueued = 100_000

    /// Creates an audit trail writing to `repository`.
    public init(repository: any AuditLogRepository, flushInterval: Duration = .seconds(1), logger: Logger) {
        self.repository = repository
        self.flushInterval = flushInterval
        self.logger = logger
    }

    /// Records a write call now, in its own commit. A failure is logged: the call already happened.
    public func recordNow(_ entry: AuditEntry) async {
        do {
            try await repository.record([entry])
        } catch {
            // A full disk is logged once by the storage's health, not per call.
            logger.log(
                level: StoreError.isStorageFull(error) ? .debug : .error,
                "cannot write the audit log",
                metadata: ["gateway.error": "\(error)"]
            )
            enqueue(entry)
        }
    }

    /// Queues a read call for the next flush.
    public func enqueue(_ entry: AuditEntry) {
        queue.withLock { queue in
            if queue.count >= Self.maximumQueued {
                queue.removeFirst()
                dropped.withLock { $0 += 1 }
            }
            queue.append(entry)
        }
    }

    /// The number of entries waiting for the next flush.
    public var queuedCount: Int { queue.withLock { $0.count } }

    /// Writes the queued entries in one transaction; on failure they stay queued for the next flush.
    public func flush() async {
        let batch = queue.withLock { queue in
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            return batch
        }
        let lost = dropped.withLock { count in
            defer { count = 0 }
            return count
        }
        if lost > 0 {
            logger.warning("audit entries dropped while the database refused them", metadata: ["gateway.audit.dropped": "\(lost)"])
        }
        guard !batch.isEmpty else { return }
        do {
            try await repository.record(batch)
        } catch {
            logger.log(
                level: StoreError.isStorageFull(error) ? .debug : .error,
                "cannot write the audit log",
                metadata: ["gateway.error": "\(error)", "gateway.audit.queued": "\(batch.count)"]
            )
            queue.withLock { queue in queue.insert(contentsOf: batch, at: 0) }
        }
    }

    /// Flushes every ``flushInterval`` until the service group shuts down, then once more.
    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: self.flushInterval)
            }
            await flush()
        }
        await flush()
    }
}
