import Mustache

/// The `/migration` page: who still calls the legacy API, as a sortable table and a chart of
/// legacy calls per day per client. Server-rendered through ``MigrationPageTemplate``; readable
/// without JavaScript (a tiny inline script only sorts the table), no asset from the network.
struct MigrationPage: Sendable {
    /// One row of the table: a client's calls of one endpoint.
    struct Row: Sendable, Equatable {
        var client: String
        var endpoint: String
        var calls: Int
        var errors: Int
        var firstSeen: String
        var lastSeen: String
        var lastJob: String
    }

    var from: String
    var to: String
    var rows: [Row]
    var hasRows: Bool
    var clientCount: Int
    var chart: UsageChart
    /// What each client's latest call becomes in the Cluster API.
    var replacements: [UsageReplacement]
    var hasReplacements: Bool
    let width = UsageChart.width
    let height = UsageChart.height
    let plotLeft = UsageChart.left
    let plotRight = UsageChart.width - UsageChart.right
    let plotTop = UsageChart.top
    let plotBottom = UsageChart.height - UsageChart.bottom
    let legendX = UsageChart.width - UsageChart.right + 12

    /// The page of `report`.
    init(report: UsageReport, replacements: [UsageReplacement] = []) {
        from = report.from ?? "–"
        to = report.to ?? "–"
        rows = report.usage.map { usage in
            Row(
                client: usage.client,
                endpoint: usage.endpoint,
                calls: usage.calls,
                errors: usage.errors,
                firstSeen: usage.firstSeen,
                lastSeen: usage.lastSeen,
                lastJob: usage.lastJob.map { job in job.project.map { "\($0)/\(job.name)" } ?? job.name } ?? ""
            )
        }
        hasRows = !rows.isEmpty
        clientCount = report.clients.count
        chart = UsageChart(report: report)
        self.replacements = replacements
        hasReplacements = !replacements.isEmpty
    }

    /// The page as HTML.
    func render() -> String {
        Self.template.render(self)
    }

    private static let template: MustacheTemplate = {
        do {
            return try MustacheTemplate(string: MigrationPageTemplate.html)
        } catch {
            preconditionFailure("the /migration page's template is invalid: \(error)")
        }
    }()
}
