import Crypto
import Foundation
import GatewayCore
import HTTPTypes

/// The `Idempotency-Key` of a submit, and the fingerprint of the request it was first sent with.
struct IdempotencyKey: Sendable, Equatable {
    /// The key as sent.
    let value: String

    /// The key of `headers`, or `nil` when none was sent.
    /// - Throws: ``LegacyAPIError`` 400 when the key is empty, longer than 255 characters, or
    ///   holds anything but visible ASCII.
    static func from(_ headers: HTTPFields) throws -> IdempotencyKey? {
        guard let value = headers[LegacyHeader.idempotencyKey] else { return nil }
        guard (1...255).contains(value.utf8.count), value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw LegacyAPIError(
                status: 400,
                message: "Idempotency-Key: must be 1 to 255 visible ASCII characters",
                details: "The Idempotency-Key header identifies one submit so that retries are safe; use a UUID, for example.",
                field: "Idempotency-Key"
            )
        }
        return IdempotencyKey(value: value)
    }

    /// The SHA-256 (hex) of what makes two submits the same: the path, the display user and the body.
    static func fingerprint(path: String, displayUser: String?, body: Data) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("POST \(path)\n\(displayUser ?? "")\n".utf8))
        hasher.update(data: body)
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The 422 for a key reused with another request.
    static func mismatch(_ key: String) -> LegacyAPIError {
        LegacyAPIError(
            status: 422,
            message: "Idempotency-Key: already used with another request",
            details: "The Idempotency-Key \(key) was first sent with another body or path; "
                + "a key stands for one submit. Send a new key for a new submit.",
            field: "Idempotency-Key"
        )
    }
}
