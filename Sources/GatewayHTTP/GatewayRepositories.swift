import GatewayPersistence

/// The store's repositories, created once by the composition root (``buildApplication(configuration:database:logger:)``)
/// and handed to each piece that needs one.
struct GatewayRepositories: Sendable {
    /// Workload records, written with their outbox entries.
    let workloads: any WorkloadRepository
    /// The outbox of pending pushes.
    let outbox: any OutboxRepository
    /// Projects known to the gateway.
    let projects: any ProjectRepository
    /// The audit log of legacy calls.
    let auditLog: any AuditLogRepository
    /// Stored answers to submits sent with an `Idempotency-Key`.
    let idempotency: any IdempotencyRepository
    /// The daily rollups of legacy calls per client and endpoint (the usage report).
    let legacyUsage: any LegacyUsageRepository

    /// The repositories over the gateway's SQLite database.
    static func sqlite(_ database: GatewayDatabase) -> GatewayRepositories {
        GatewayRepositories(
            workloads: SQLiteWorkloadRepository(database: database),
            outbox: SQLiteOutboxRepository(database: database),
            projects: SQLiteProjectRepository(database: database),
            auditLog: SQLiteAuditLogRepository(database: database),
            idempotency: SQLiteIdempotencyRepository(database: database),
            legacyUsage: SQLiteLegacyUsageRepository(database: database)
        )
    }
}
