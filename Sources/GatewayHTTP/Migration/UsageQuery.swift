import GatewayCore
import GatewayPersistence
import Hummingbird

/// The filters of `GET /api/v1/migration/usage` and `/migration`: `client`, `endpoint`, `from`
/// and `to` (UTC days, `YYYY-MM-DD`, both included).
enum UsageQuery {
    /// The endpoints a filter may name: the legacy endpoints and `unknown` (unrouted legacy paths).
    static let endpoints = LegacyEndpoint.allCases.map(\.rawValue) + [AuditMiddleware.unknownEndpoint]

    /// The filter of a request's query.
    /// - Throws: ``LegacyErrorResponse`` with 400 naming the parameter and its rule.
    static func filter(_ parameters: Parameters) throws -> LegacyUsageFilter {
        func value(_ name: String) -> String? {
            guard let text = parameters[Substring(name)], !text.isEmpty else { return nil }
            return String(text)
        }
        let filter = LegacyUsageFilter(client: value("client"), endpoint: value("endpoint"), from: value("from"), to: value("to"))
        if let endpoint = filter.endpoint, !endpoints.contains(endpoint) {
            throw invalid("endpoint", "must be one of \(endpoints.joined(separator: ", "))")
        }
        for (name, day) in [("from", filter.from), ("to", filter.to)] {
            if let day, UsageReport.day(day) == nil { throw invalid(name, "must be a day YYYY-MM-DD (UTC)") }
        }
        if let from = filter.from, let to = filter.to, from > to { throw invalid("to", "must not be before from (\(from))") }
        return filter
    }

    private static func invalid(_ name: String, _ rule: String) -> LegacyErrorResponse {
        LegacyErrorResponse(
            error: LegacyAPIError(status: 400, message: "\(name): \(rule)", details: "The query parameter \(name) \(rule).", field: name)
        )
    }
}
