import Foundation
import GatewayPersistence
import Logging
import ServiceLifecycle

/// Forgets audit rows and idempotency keys older than their retention, once at start and then
/// every ``RetentionConfiguration/interval`` until the service group shuts down. The daily usage
/// rollups stay: they are small, and the usage report spans months.
public struct RetentionPruner: Service {
    let configuration: RetentionConfiguration
    let audit: any AuditLogRepository
    let idempotency: any IdempotencyRepository
    let logger: Logger

    /// Creates a pruner over the repositories.
    public init(
        configuration: RetentionConfiguration,
        audit: any AuditLogRepository,
        idempotency: any IdempotencyRepository,
        logger: Logger
    ) {
        self.configuration = configuration
        self.audit = audit
        self.idempotency = idempotency
        self.logger = logger
    }

    /// What one prune forgot.
    public struct Pruned: Sendable, Equatable {
        /// Audit rows deleted.
        public var auditRows: Int
        /// Idempotency keys deleted.
        public var idempotencyKeys: Int
    }

    /// Forgets what is older than the retention at `now`.
    @discardableResult
    public func prune(now: Date = Date()) async throws -> Pruned {
        let auditRows = try await audit.prune(before: now.addingTimeInterval(-Self.seconds(configuration.audit)))
        let keys = try await idempotency.prune(before: now.addingTimeInterval(-Self.seconds(configuration.idempotencyKeys)))
        return Pruned(auditRows: auditRows, idempotencyKeys: keys)
    }

    /// Prunes now and every interval; a failure is logged and tried again at the next interval.
    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let pruned = try await prune()
                if pruned.auditRows + pruned.idempotencyKeys > 0 {
                    logger.info(
                        "pruned the audit log and idempotency keys past their retention",
                        metadata: ["gateway.audit.pruned": "\(pruned.auditRows)", "gateway.idempotency.pruned": "\(pruned.idempotencyKeys)"]
                    )
                }
            } catch {
                logger.warning("cannot prune the audit log", metadata: ["gateway.error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: configuration.interval)
            }
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
    }
}
