import Foundation
import GatewayCore
import Logging

/// The administrator's job templates of the templates file, re-read whenever the file changes.
///
/// A file that no longer parses is logged (with the entry at fault, never a value) and ignored:
/// the templates read last stay in force. An invalid file at start stops the gateway.
final class TemplateStore: Sendable {
    private let file: ReloadingFile<[JobTemplateDefinition]>

    /// The templates file.
    var path: String { file.path }

    /// Reads the templates file at `path`.
    /// - Throws: ``GatewayConfigurationError`` when the file cannot be read or is not valid.
    init(path: String, logger: Logger) throws {
        file = try ReloadingFile(
            path: path,
            load: { try TemplatesFile.load(path: $0) },
            reloaded: { templates in
                logger.info(
                    "reloaded the templates file",
                    metadata: ["gateway.templates.file": "\(path)", "gateway.templates": .array(templates.map { .string($0.name) })]
                )
            },
            failed: { error in
                logger.error(
                    "the templates file changed and is not valid; the previous templates stay in force",
                    metadata: ["gateway.templates.file": "\(path)", "gateway.error": "\(error)"]
                )
            }
        )
        logger.info(
            "templates configured",
            metadata: ["gateway.templates.file": "\(path)", "gateway.templates": .array(file.current.map { .string($0.name) })]
        )
    }

    /// The templates now in force, after re-reading the file if it changed.
    func current() -> [JobTemplateDefinition] {
        file.current
    }
}
