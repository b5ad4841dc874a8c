import Crypto
import Foundation
import Logging

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

    private let file: ReloadingFile<[Grant]>

    /// The tokens file.
    var path: String { file.path }

    /// Reads the tokens file at `path`.
    /// - Throws: ``GatewayConfigurationError`` when the file cannot be read or is not valid.
    init(path: String, logger: Logger) throws {
        file = try ReloadingFile(
            path: path,
            load: { try Self.load($0) },
            reloaded: { grants in
                logger.info("reloaded the tokens file", metadata: ["gateway.tokens.file": "\(path)", "gateway.tokens.count": "\(grants.count)"])
            },
            failed: { error in
                logger.error(
                    "the tokens file changed and is not valid; the previous tokens stay in force",
                    metadata: ["gateway.tokens.file": "\(path)", "gateway.error": "\(error)"]
                )
            }
        )
    }

    /// The user and scope of `token`, or `nil` when no entry has it.
    func lookup(_ token: String) -> (user: String, scope: Principal.Scope)? {
        let presented = Array(SHA256.hash(data: Data(token.utf8)))
        var found: Grant?
        for grant in file.current where Self.constantTimeEqual(grant.digest, presented) {
            found = grant
        }
        return found.map { ($0.user, $0.scope) }
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
