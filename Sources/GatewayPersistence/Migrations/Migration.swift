import Crypto
import Foundation

/// One SQL migration file of the top-level `migrations/` folder.
public struct Migration: Sendable, Equatable {
    /// The file stem, such as `0001_initial`; it orders migrations and names them in the database.
    public let identifier: String
    /// The SQL, applied in one transaction.
    public let sql: String
    /// SHA-256 of the SQL, hex-encoded; detects a shipped migration that was edited.
    public let checksum: String

    /// Creates a migration from a file name (`NNNN_words.sql`) and its SQL.
    /// - Throws: ``StoreError`` with code `migrationInvalid` for a badly named or empty file.
    public init(fileName: String, sql: String) throws {
        guard Self.isValid(fileName: fileName) else {
            throw StoreError(
                .migrationInvalid,
                "migration file \(fileName) must be named NNNN_lowercase_words.sql"
            )
        }
        guard !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError(.migrationInvalid, "migration file \(fileName) is empty")
        }
        self.identifier = String(fileName.dropLast(".sql".count))
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The leading number of the identifier.
    public var number: Int { Int(identifier.prefix(while: \.isNumber)) ?? 0 }

    static func isValid(fileName: String) -> Bool {
        guard fileName.hasSuffix(".sql") else { return false }
        let stem = fileName.dropLast(4)
        let digits = stem.prefix(while: \.isNumber)
        guard digits.count == 4, stem.dropFirst(4).first == "_" else { return false }
        let words = stem.dropFirst(5)
        return !words.isEmpty && words.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }
    }
}
