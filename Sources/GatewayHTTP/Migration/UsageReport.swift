import Foundation
import GatewayPersistence

/// Who still calls the legacy API: the daily rollups gathered per client and endpoint, and per
/// client with its calls per day. Pure: built from rows already read.
struct UsageReport: Codable, Sendable, Equatable {
    /// One day's calls.
    struct Day: Codable, Sendable, Equatable {
        /// The UTC day, `YYYY-MM-DD`.
        var day: String
        var calls: Int
        var errors: Int
    }

    /// The latest job a client's calls touched.
    struct Job: Codable, Sendable, Equatable {
        var project: String?
        var name: String
    }

    /// A client's calls of one endpoint over the report's days.
    struct Usage: Codable, Sendable, Equatable {
        var client: String
        var endpoint: String
        var calls: Int
        var errors: Int
        /// RFC 3339, UTC, milliseconds.
        var firstSeen: String
        var lastSeen: String
        var lastJob: Job?
        var days: [Day]
    }

    /// A client's calls of every endpoint over the report's days.
    struct Client: Codable, Sendable, Equatable {
        var client: String
        var calls: Int
        var errors: Int
        var firstSeen: String
        var lastSeen: String
        var lastJob: Job?
        /// The endpoints it called, sorted.
        var endpoints: [String]
        var days: [Day]
    }

    /// The first and last day with calls (or the filter's bounds), `nil` when there are none.
    var from: String?
    var to: String?
    /// Per client and endpoint, most calls first.
    var usage: [Usage]
    /// Per client, most calls first.
    var clients: [Client]

    /// The report of `rows` (as ``LegacyUsageRepository/days(_:)`` returns them).
    init(rows: [LegacyUsageDay], filter: LegacyUsageFilter = LegacyUsageFilter()) {
        from = filter.from ?? rows.map(\.day).min()
        to = filter.to ?? rows.map(\.day).max()
        usage = Dictionary(grouping: rows) { UsageKey(client: $0.client, endpoint: $0.endpoint) }
            .map { key, rows in
                let totals = Totals(rows)
                return Usage(
                    client: key.client,
                    endpoint: key.endpoint,
                    calls: totals.calls,
                    errors: totals.errors,
                    firstSeen: totals.firstSeen,
                    lastSeen: totals.lastSeen,
                    lastJob: totals.lastJob,
                    days: totals.days
                )
            }
            .sorted { ($1.calls, $0.client, $0.endpoint) < ($0.calls, $1.client, $1.endpoint) }
        clients = Dictionary(grouping: rows, by: \.client)
            .map { client, rows in
                let totals = Totals(rows)
                return Client(
                    client: client,
                    calls: totals.calls,
                    errors: totals.errors,
                    firstSeen: totals.firstSeen,
                    lastSeen: totals.lastSeen,
                    lastJob: totals.lastJob,
                    endpoints: Set(rows.map(\.endpoint)).sorted(),
                    days: totals.days
                )
            }
            .sorted { ($1.calls, $0.client) < ($0.calls, $1.client) }
    }

    /// Every day from ``from`` to ``to``, for a chart's x axis.
    var allDays: [String] {
        guard let from, let to, let start = Self.day(from), let end = Self.day(to), start <= end else { return [] }
        var days: [String] = []
        var current = start
        while current <= end && days.count < 3660 {
            days.append(Self.dayFormatter.string(from: current))
            current += 86_400
        }
        return days
    }

    private struct UsageKey: Hashable {
        var client: String
        var endpoint: String
    }

    private struct Totals {
        var calls = 0
        var errors = 0
        var firstSeen = ""
        var lastSeen = ""
        var lastJob: Job?
        var days: [Day] = []

        init(_ rows: [LegacyUsageDay]) {
            calls = rows.reduce(0) { $0 + $1.calls }
            errors = rows.reduce(0) { $0 + $1.errors }
            firstSeen = rows.map(\.firstSeen).min().map(UsageReport.timestamp) ?? ""
            lastSeen = rows.map(\.lastSeen).max().map(UsageReport.timestamp) ?? ""
            if let latest = rows.filter({ $0.lastWorkload != nil }).max(by: { $0.lastSeen < $1.lastSeen }),
                let name = latest.lastWorkload
            {
                lastJob = Job(project: latest.lastProject, name: name)
            }
            days = Dictionary(grouping: rows, by: \.day)
                .map { day, rows in Day(day: day, calls: rows.reduce(0) { $0 + $1.calls }, errors: rows.reduce(0) { $0 + $1.errors }) }
                .sorted { $0.day < $1.day }
        }
    }

    /// A time as RFC 3339 in UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The UTC midnight of a `YYYY-MM-DD` day; `nil` when the text is no such day.
    static func day(_ text: String) -> Date? {
        guard text.utf8.count == 10, let date = dayFormatter.date(from: text), dayFormatter.string(from: date) == text else { return nil }
        return date
    }

    private static let dayFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter
    }()
}
