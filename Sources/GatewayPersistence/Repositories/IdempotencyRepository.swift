import Foundation
import GatewayCore

/// Stored answers to requests with an `Idempotency-Key`.
public protocol IdempotencyRepository: Sendable {
    /// The stored answer for a caller's key.
    func find(principal: String, key: String) async throws -> IdempotencyRecord?

    /// Forgets answers stored before `date`.
    func prune(before date: Date) async throws -> Int
}
