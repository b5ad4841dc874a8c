import Foundation
import GatewayCore
import Logging
import Synchronization

/// The administrator's job templates of the templates file, re-read whenever the file changes.
///
/// A file that no longer parses is logged (with the entry at fault, never a value) and ignored:
/// the templates read last stay in force. An invalid file at start stops the gateway.
final class TemplateStore: Sendable {
    /// What identifies a version of the file without reading it.
    private struct Fingerprint: Equatable, Sendable {
        var modified: Date?
        var size: Int?
        var inode: Int?
    }

    private struct State: Sendable {
        var fingerprint: Fingerprint
        var templates: [JobTemplateDefinition]
    }

    let path: String
    private let logger: Logger
    private let state: Mutex<State>

    /// Reads the templates file at `path`.
    /// - Throws: ``GatewayConfigurationError`` when the file cannot be read or is not valid.
    init(path: String, logger: Logger) throws {
        self.path = path
        self.logger = logger
        let fingerprint = Self.fingerprint(of: path)
        let templates = try TemplatesFile.load(path: path)
        state = Mutex(State(fingerprint: fingerprint, templates: templates))
        logger.info(
            "templates configured",
            metadata: ["gateway.templates.file": "\(path)", "gateway.templates": .array(templates.map { .string($0.name) })]
        )
    }

    /// The templates now in force, after re-reading the file if it changed.
    func current() -> [JobTemplateDefinition] {
        reloadIfChanged()
        return state.withLock { $0.templates }
    }

    /// Re-reads the file when its size, modification time or inode changed.
    private func reloadIfChanged() {
        let current = Self.fingerprint(of: path)
        let changed = state.withLock { state in
            guard state.fingerprint != current else { return false }
            state.fingerprint = current
            return true
        }
        guard changed else { return }
        do {
            let templates = try TemplatesFile.load(path: path)
            state.withLock { $0.templates = templates }
            logger.info(
                "reloaded the templates file",
                metadata: ["gateway.templates.file": "\(path)", "gateway.templates": .array(templates.map { .string($0.name) })]
            )
        } catch {
            logger.error(
                "the templates file changed and is not valid; the previous templates stay in force",
                metadata: ["gateway.templates.file": "\(path)", "gateway.error": "\(error)"]
            )
        }
    }

    private static func fingerprint(of path: String) -> Fingerprint {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return Fingerprint(
            modified: attributes?[.modificationDate] as? Date,
            size: (attributes?[.size] as? NSNumber)?.intValue,
            inode: (attributes?[.systemFileNumber] as? NSNumber)?.intValue
        )
    }
}
