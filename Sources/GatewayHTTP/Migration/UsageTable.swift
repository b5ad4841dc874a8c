import Foundation

/// `inference-gateway usage`'s table: the report of `GET /api/v1/migration/usage` in columns, as
/// `kubectl get` prints them. Pure: text in, text out.
public enum UsageTable {
    /// The table of a usage report's JSON, one line per client and endpoint, most calls first.
    /// - Throws: `DecodingError` when `json` is not a usage report.
    public static func render(json: Data) throws -> String {
        let report = try JSONDecoder().decode(UsageReport.self, from: json)
        guard !report.usage.isEmpty else { return "No legacy calls recorded.\n" }
        let header = ["CLIENT", "ENDPOINT", "CALLS", "ERRORS", "FIRST SEEN", "LAST SEEN", "LAST JOB"]
        let rows = report.usage.map { usage in
            [
                usage.client, usage.endpoint, "\(usage.calls)", "\(usage.errors)", usage.firstSeen, usage.lastSeen,
                usage.lastJob.map { job in job.project.map { "\($0)/\(job.name)" } ?? job.name } ?? "<none>",
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { cells in
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell.padding(toLength: widths[column] + 3, withPad: " ", startingAt: 0)
            }
            .joined()
        }
        .joined(separator: "\n") + "\n"
    }
}
