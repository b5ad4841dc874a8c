import GatewayPersistence
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// Runs the gateway until SIGTERM or SIGINT (SIGHUP re-reads the tokens and templates files), then shuts it down in order within
/// ``GatewayConfiguration/Shutdown/deadline``:
///
/// 1. `/readyz` answers 503 (``ReadinessSwitch``), for ``GatewayConfiguration/Shutdown/drain``
///    while the listener still serves, so the Service's endpoints drop the pod first;
/// 2. the listener stops accepting and in-flight requests finish (Hummingbird's quiescing);
/// 3. the relay finishes the push it is making, status sync stops, the audit trail flushes;
/// 4. the database is checkpointed and closed (``DatabaseShutdown``, the first of the application's services).
///
/// What is still running at the deadline is cancelled.
public func runUntilSignalled(
    _ application: some ApplicationProtocol,
    shutdown: GatewayConfiguration.Shutdown,
    readiness: ReadinessSwitch,
    logger: Logger
) async throws {
    var configuration = ServiceGroupConfiguration(
        services: [application, HangupReload(logger: logger), ShutdownDrain(readiness: readiness, drain: shutdown.drain, logger: logger)],
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger
    )
    configuration.maximumGracefulShutdownDuration = shutdown.deadline
    configuration.maximumCancellationDuration = .seconds(2)
    try await ServiceGroup(configuration: configuration).run()
}

/// The first step of a graceful shutdown: readiness turns false, then the drain time passes
/// while everything still serves. The last service of the group, so the first to shut down.
struct ShutdownDrain: Service {
    let readiness: ReadinessSwitch
    let drain: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: no graceful shutdown
        }
        readiness.shutDown()
        logger.notice(
            "shutting down: readiness is false",
            metadata: ["gateway.drain_seconds": "\(Double(drain.components.seconds) + Double(drain.components.attoseconds) / 1e18)"]
        )
        if drain > .zero { try? await Task.sleep(for: drain) }
    }
}

/// The last step of a graceful shutdown: once every other service of the application stopped,
/// the write-ahead log is checkpointed into the database file (and truncated) and the database
/// closed, so the file on the volume is whole on its own.
struct DatabaseShutdown: Service {
    let database: GatewayDatabase
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: leave the WAL to the next start's recovery
        }
        do {
            let (logged, checkpointed) = try await database.checkpointAndClose()
            logger.notice(
                "database checkpointed and closed",
                metadata: ["gateway.wal_frames": "\(logged)", "gateway.checkpointed_frames": "\(checkpointed)"]
            )
        } catch {
            logger.error("cannot checkpoint or close the database", metadata: ["gateway.error": "\(error)"])
        }
    }
}

/// SIGHUP re-reads every file the gateway reloads (the tokens and templates files) at once, even
/// when it does not look changed; without it SIGHUP would end the process.
struct HangupReload: Service {
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            let files = ReloadingFiles.shared.reloadAll()
            logger.notice("SIGHUP: files re-read", metadata: ["gateway.files": .array(files.map { .string($0) })])
        }
    }
}
