import Crypto
import Foundation
import Logging
import Synchronization

/// The tokens of the tokens file, re-read whenever the file changes.
///
/// Tokens are kept only as SHA-256 digests. A lookup hashes the presented token and compares it
/// with every stored digest in constant time, without stopping at a match, so the time taken
/// tells nothing about which token (or how much of one) matched. Tokens are never logged.
final class TokenStore: Sendable {
    /// A stored token: its digest and what it grants.
    private struct Grant: Sendable {
        var digest: [UInt8]
        var user: String
        var scope: Principal.Scope
    }

    /// What identifies a version of the file without reading it.
    private struct Fingerprint: Equatable, Sendable {
        var modified: Date?
        var size: Int?
        var inode: Int?
    }

    private struct State: Sendable {
        var fingerprint: Fingerprint
        var grants: [Grant]
    }

    let path: String
    private let logger: Logger
    private let state: Mutex<State>

    /// Reads the tokens file at `path`.
    /// - Throws: ``GatewayConfigurationError`` when the file cannot be read or is not valid.
    init(path: String, logger: Logger) throws {
        self.path = path
        self.logger = logger
        let fingerprint = Self.fingerprint(of: path)
        let grants = try Self.load(path)
        state = Mutex(State(fingerprint: fingerprint, grants: grants))
    }

    /// The user and scope of `token`, or `nil` when no entry has it.
    func lookup(_ token: String) -> (user: String, scope: Principal.Scope)? {
        reloadIfChanged()
        let presented = Array(SHA256.hash(data: Data(token.utf8)))
        return state.withLock { state in
            var found: Grant?
            for grant in state.grants where Self.constantTimeEqual(grant.digest, presented) {
                found = grant
            }
            return found.map { ($0.user, $0.scope) }
        }
    }

    /// Re-reads the file when its size, modification time or inode changed. A file that no
    /// longer parses is logged and ignored: the tokens read last stay in force.
    private func reloadIfChanged() {
        let current = Self.fingerprint(of: path)
        let changed = state.withLock { state in
            guard state.fingerprint != current else { return false }
            state.fingerprint = current
            return true
        }
        guard changed else { return }
        do {
            let grants = try Self.load(path)
            state.withLock { $0.grants = grants }
            logger.info("reloaded the tokens file", metadata: ["gateway.tokens.file": "\(path)", "gateway.tokens.count": "\(grants.count)"])
        } catch {
            logger.error(
                "the tokens file changed and is not valid; the previous tokens stay in force",
                metadata: ["gateway.tokens.file": "\(path)", "gateway.error": "\(error)"]
            )
        }
    }

    private static func load(_ path: String) throws -> [Grant] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw GatewayConfigurationError("cannot read the tokens file \(path)")
        }
        return try TokenFile.parse(text, source: path).entries.map { entry in
            Grant(digest: Array(SHA256.hash(data: Data(entry.token.utf8))), user: entry.user, scope: entry.scope)
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

    /// Compares two digests of equal length in time independent of their contents.
    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices {
            difference |= left[index] ^ right[index]
        }
        return difference == 0
    }
}
