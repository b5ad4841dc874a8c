/// The legacy envelope `{"data": …}` of list, project, delete and version answers.
public struct LegacyDataResponse<Payload: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The payload.
    public var data: Payload

    /// Wraps a payload.
    public init(data: Payload) {
        self.data = data
    }
}

/// The answer to a legacy submit: `{"name": "<job>"}`.
public struct SubmitResponse: Codable, Sendable, Equatable {
    /// The job's name, given or generated.
    public var name: String

    /// Creates an answer.
    public init(name: String) {
        self.name = name
    }
}
