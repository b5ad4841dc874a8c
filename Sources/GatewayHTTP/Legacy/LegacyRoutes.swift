import HTTPTypes

/// The legacy API's routes, declared once in ``table``, and what follows from it: the routes each
/// controller registers (its endpoints' rows, mounted at every ``mountPoints`` entry), which
/// requests belong to the legacy API, the methods a legacy path answers (a 405 and its `Allow`),
/// and the paths a 404 names.
///
/// Paths under `/api` that are not legacy (`/api`, `/api/v1/namespaces/…`) belong to the embedded
/// Kubernetes API.
enum LegacyRoutes {
    /// The prefix of the legacy API as a cluster exposed it (`https://<cluster>/researcher/api/v1/…`).
    static let researcherPrefix = "researcher"

    /// Where every row is mounted: the root and ``researcherPrefix`` (the OpenAPI document's servers).
    static let mountPoints = ["", researcherPrefix]

    /// Every legacy route, relative to a mount point, in the OpenAPI document's order.
    static let table: [LegacyRoute] = [
        LegacyRoute(.get, "api/v1/jobs", .listJobs),
        LegacyRoute(.post, "api/v1/jobs", .submit),
        LegacyRoute(.delete, "api/v1/jobs", .delete),
        LegacyRoute(.get, "api/v1/jobs/{project}", .listProjectJobs),
        LegacyRoute(.get, "api/v1/jobs/{project}/{job}", .getJob),
        LegacyRoute(.post, "api/v1/job", .submit),
        LegacyRoute(.delete, "api/v1/job", .delete),
        LegacyRoute(.get, "api/v1/job/{projectName}", .listProjectJobs),
        LegacyRoute(.get, "api/v1/job/{projectName}/{jobName}", .getJob),
        LegacyRoute(.get, "api/job", .listJobs),
        LegacyRoute(.post, "api/job", .submit),
        LegacyRoute(.delete, "api/job", .delete),
        LegacyRoute(.get, "api/v1/projects", .listProjects),
        LegacyRoute(.get, "api/v1/version", .version),
    ]

    /// The rows of `endpoint`.
    static func routes(of endpoint: LegacyEndpoint) -> [LegacyRoute] {
        table.filter { $0.endpoint == endpoint }
    }

    /// Whether `path` belongs to the legacy API: everything under `/researcher`, and everything
    /// under a row's literal head (`/api/v1/jobs/…`, `/api/job/…`), but not the Kubernetes core
    /// API beside them (`/api/v1/namespaces/…`).
    ///
    /// Runs on every request: one walk of a tree built once from the table, over the path's
    /// bytes in place, allocating nothing.
    static func isLegacy(_ path: String) -> Bool {
        legacyPrefixes.matches(path)
    }

    /// The methods a legacy path answers, in the table's order; empty when no row has this path.
    static func allowedMethods(_ path: String) -> [HTTPRequest.Method] {
        PathSegments.withBytes(of: path) { bytes -> [HTTPRequest.Method] in
            var segments = PathSegments(bytes)
            var afterMount = segments
            if let first = afterMount.next(), PathSegments.segment(first, of: bytes, equals: researcherBytes) {
                segments = afterMount
            }
            var methods: [HTTPRequest.Method] = []
            for route in table where !methods.contains(route.method) && route.matches(bytes, segments: segments) {
                methods.append(route.method)
            }
            return methods
        }
    }

    /// The paths of the table without parameters, for a 404 to name:
    /// `/api/v1/jobs, /api/v1/job, /api/job, /api/v1/projects and /api/v1/version`.
    static let collectionsSentence: String = {
        var paths: [String] = []
        for route in table where route.parameters.isEmpty && !paths.contains("/\(route.path)") {
            paths.append("/\(route.path)")
        }
        guard let last = paths.popLast() else { return "" }
        return paths.isEmpty ? last : "\(paths.joined(separator: ", ")) and \(last)"
    }()

    /// `/researcher`, then the literal head of every row.
    private static let legacyPrefixes = PathPrefixTree([[researcherPrefix]] + table.map(\.literalHead))

    private static let researcherBytes = Array(researcherPrefix.utf8)
}
