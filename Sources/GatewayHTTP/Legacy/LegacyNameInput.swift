import Foundation
import GatewayCore
import Hummingbird

/// Project and job names taken from a legacy call's path or query, checked whole before any lookup.
///
/// Query values arrive percent-decoded; path segments arrive as sent, so they are decoded here
/// (`team%2Da` is `team-a`, `p%00zzz` is `p` + NUL + `zzz`, refused). Every name must then be a
/// DNS-1123 label (``LegacyNames``), or the call is a `422` naming the parameter.
enum LegacyNameInput {
    /// The project of a path segment (`/api/v1/jobs/{project}`).
    /// - Parameters:
    ///   - segment: the segment as sent.
    ///   - field: the parameter's name (`project` or `projectName`).
    /// - Throws: ``LegacyAPIError`` `422` naming `field`.
    static func project(path segment: String, field: String) throws -> String {
        let project = decoded(segment)
        try LegacyNames.checkProject(project, field: field)
        return project
    }

    /// The job name of a path segment (`/api/v1/jobs/{project}/{job}`).
    /// - Throws: ``LegacyAPIError`` `422` naming `field` (`job` or `jobName`).
    static func job(path segment: String, field: String) throws -> String {
        let job = decoded(segment)
        try LegacyNames.checkJob(job, field: field)
        return job
    }

    /// The `project` query parameter: `nil` when absent or empty (every project), else checked.
    /// - Throws: ``LegacyAPIError`` `422` naming `project`.
    static func queryProject(_ request: Request) throws -> String? {
        guard let value = request.uri.queryParameters["project"], !value.isEmpty else { return nil }
        let project = String(value)
        try LegacyNames.checkProject(project, field: "project")
        return project
    }

    /// A segment with its percent-escapes decoded; as sent when they are not valid escapes (then it
    /// holds a `%`, which no name may).
    private static func decoded(_ segment: String) -> String {
        guard segment.utf8.contains(UInt8(ascii: "%")) else { return segment }
        return segment.removingPercentEncoding ?? segment
    }
}
