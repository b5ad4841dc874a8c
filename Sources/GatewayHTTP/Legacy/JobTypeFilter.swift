import GatewayCore

/// The `jobTypeFilter` of list and get calls: `inference`, `training` or `interactive`.
enum JobTypeFilter: String, Sendable {
    case inference, training, interactive

    /// The filter of a query value; `nil` when absent or empty (every job).
    /// - Throws: ``LegacyAPIError`` 400 for any other value.
    static func parse(_ value: String?) throws -> JobTypeFilter? {
        guard let value, !value.isEmpty else { return nil }
        guard let filter = JobTypeFilter(rawValue: value.lowercased()) else {
            throw LegacyAPIError(
                status: 400,
                message: "jobTypeFilter: must be inference, training or interactive",
                details: "jobTypeFilter is \"\(value)\"; it takes inference, training or interactive.",
                field: "jobTypeFilter"
            )
        }
        return filter
    }

    /// Whether jobs of this gateway (all inference jobs) pass the filter.
    var admitsInferenceJobs: Bool { self == .inference }
}
