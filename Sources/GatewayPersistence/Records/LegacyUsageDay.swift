import Foundation
import GRDB
import GatewayCore

/// One row of `legacy_usage_daily`: a client's calls of one legacy endpoint on one UTC day.
public struct LegacyUsageDay: Sendable, Equatable, FetchableRecord {
    /// The UTC day, `YYYY-MM-DD`.
    public var day: String
    /// The client identity (token user, else `RA-USER`, else user agent and remote address).
    public var client: String
    /// The legacy endpoint (`submit`, `getJob`, …).
    public var endpoint: String
    /// Calls that day.
    public var calls: Int
    /// Calls answered with a status of 400 or more.
    public var errors: Int
    /// The first call that day.
    public var firstSeen: Date
    /// The latest call that day.
    public var lastSeen: Date
    /// The project of the latest call that touched a job.
    public var lastProject: String?
    /// The job the latest call that touched one touched.
    public var lastWorkload: String?

    /// Creates a row.
    public init(
        day: String,
        client: String,
        endpoint: String,
        calls: Int,
        errors: Int,
        firstSeen: Date,
        lastSeen: Date,
        lastProject: String? = nil,
        lastWorkload: String? = nil
    ) {
        self.day = day
        self.client = client
        self.endpoint = endpoint
        self.calls = calls
        self.errors = errors
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.lastProject = lastProject
        self.lastWorkload = lastWorkload
    }

    /// Reads a row of `legacy_usage_daily`.
    public init(row: Row) {
        self.init(
            day: row["day"],
            client: row["client"],
            endpoint: row["endpoint"],
            calls: row["calls"],
            errors: row["errors"],
            firstSeen: Date(millisecondsSince1970: row["first_seen"]),
            lastSeen: Date(millisecondsSince1970: row["last_seen"]),
            lastProject: row["last_project"],
            lastWorkload: row["last_workload"]
        )
    }
}

/// Which rollup rows a usage query returns; `nil` fields do not filter.
public struct LegacyUsageFilter: Sendable, Equatable {
    /// Only this client.
    public var client: String?
    /// Only this endpoint.
    public var endpoint: String?
    /// Only days on or after this UTC day (`YYYY-MM-DD`).
    public var from: String?
    /// Only days on or before this UTC day (`YYYY-MM-DD`).
    public var to: String?

    /// Creates a filter.
    public init(client: String? = nil, endpoint: String? = nil, from: String? = nil, to: String? = nil) {
        self.client = client
        self.endpoint = endpoint
        self.from = from
        self.to = to
    }
}
