import Foundation
import GatewayCore
import Logging

/// The brownouts file's plan, re-read when the file changes or on SIGHUP (``ReloadingFile``).
///
/// A changed file that no longer validates is logged and ignored: the plan read last stays in
/// force. An invalid file at start stops the gateway.
final class Brownouts: Sendable {
    private let file: ReloadingFile<BrownoutPlan>

    /// The brownouts file.
    var path: String { file.path }

    /// Reads the brownouts file at `path`.
    /// - Throws: ``GatewayConfigurationError`` naming the key and the rule.
    init(path: String, logger: Logger) throws {
        file = try ReloadingFile(
            path: path,
            load: { try BrownoutsFile.load(path: $0) },
            reloaded: { plan in
                logger.info(
                    "reloaded the brownouts file",
                    metadata: ["gateway.brownouts.file": "\(path)", "gateway.brownouts": .array(plan.windows.map { .string($0.name) })]
                )
            },
            failed: { error in
                logger.error(
                    "the brownouts file changed and is not valid; the previous windows stay in force",
                    metadata: ["gateway.brownouts.file": "\(path)", "gateway.error": "\(error)"]
                )
            }
        )
        logger.info(
            "brownouts configured",
            metadata: ["gateway.brownouts.file": "\(path)", "gateway.brownouts": .array(file.current.windows.map { .string($0.name) })]
        )
    }

    /// The plan now in force, after re-reading the file if it changed.
    var current: BrownoutPlan { file.current }
}
