import Foundation
import GatewayCore

/// A stored answer to a request sent with an `Idempotency-Key`.
public struct IdempotencyRecord: Sendable, Equatable {
    /// Who sent the key; keys of different callers never collide.
    public var principal: String
    /// The key as sent.
    public var key: String
    /// A hash of the request (method, path, body); the same key with another request is refused.
    public var requestHash: String
    /// The status code answered.
    public var responseStatus: Int
    /// The body answered.
    public var responseBody: String
    /// The workload the request created, if any.
    public var workloadID: String?
    /// When the answer was stored.
    public var createdAt: Date

    /// Creates a record.
    public init(
        principal: String,
        key: String,
        requestHash: String,
        responseStatus: Int,
        responseBody: String,
        workloadID: String?,
        createdAt: Date
    ) {
        self.principal = principal
        self.key = key
        self.requestHash = requestHash
        self.responseStatus = responseStatus
        self.responseBody = responseBody
        self.workloadID = workloadID
        self.createdAt = createdAt
    }
}
