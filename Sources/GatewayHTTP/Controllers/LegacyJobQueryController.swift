import Foundation
import GatewayCore
import GatewayPersistence
import Hummingbird

/// The legacy list and get calls, served from the store (never from the cluster):
/// `GET /api/v1/jobs[?project=P]`, `/api/v1/jobs/{project}[/{job}]`, `/api/v1/job/{project}[/{job}]`
/// and `GET /api/job[?project=P]`, each with `jobTypeFilter`. Answers `{"data": [JobView]}`, a
/// list even for one job, with an `ETag`; `If-None-Match` with the same tag answers 304.
struct LegacyJobQueryController: Sendable {
    let workloads: any WorkloadRepository
    let catalog: ProjectCatalog
    /// Encoded answers reused while no workload changed.
    let cache: PollCache

    /// The ``LegacyEndpoint/listJobs``, ``LegacyEndpoint/listProjectJobs`` and ``LegacyEndpoint/getJob``
    /// rows, relative to a mount point. A path parameter is also the field an error names
    /// (`project`, `projectName`, `job`, `jobName`).
    var endpoints: RouteCollection<GatewayRequestContext> {
        // Names are checked whole (LegacyNameInput) before anything is noted or looked up.
        RouteCollection(context: GatewayRequestContext.self)
            .on(.listJobs) { request, context, _ in
                try await list(project: try LegacyNameInput.queryProject(request), request, context)
            }
            .on(.listProjectJobs) { request, context, route in
                let projectParameter = route.parameters[0]
                let project = try LegacyNameInput.project(path: try context.parameters.require(projectParameter), field: projectParameter)
                return try await list(project: project, request, context)
            }
            .on(.getJob) { request, context, route in
                let (projectParameter, jobParameter) = (route.parameters[0], route.parameters[1])
                let project = try LegacyNameInput.project(path: try context.parameters.require(projectParameter), field: projectParameter)
                let job = try LegacyNameInput.job(path: try context.parameters.require(jobParameter), field: jobParameter)
                return try await get(project: project, job: job, request, context)
            }
    }

    func list(project: String?, _ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let filter = try JobTypeFilter.parse(request.uri.queryParameters["jobTypeFilter"].map(String.init))
        let admits = filter?.admitsInferenceJobs ?? true
        if let project, !project.isEmpty {
            context.legacyCall.note(project: project)
            _ = try context.requireAccess(to: project)
            // The project lookup happens only when the answer is built: a project appears or
            // changes only with a workload write, which moves the cache's generation.
            let entry = try await cache.answer(for: "p\(admits ? 1 : 0):\(project)") {
                let stored = try await catalog.requireKnownForRead(project, field: "project")
                let namespace = stored?.namespace ?? catalog.options.namespace(for: project)
                let jobs = admits ? try await workloads.list(project: project) : []
                return (try Self.encode(jobs), .namespace(namespace))
            }
            context.legacyCall.note(project: project, successor: entry.successor)
            return Self.respond(with: entry, to: request)
        }
        let scope: String
        switch principal.scope {
        case .allProjects: scope = "*"
        case .projects(let names): scope = names.sorted().joined(separator: "\u{0}")
        }
        let entry = try await cache.answer(for: "a\(admits ? 1 : 0):\(scope)") {
            let visible = Set(try await catalog.visible(to: principal).map(\.name))
            let jobs = admits ? try await workloads.list(project: nil).filter { visible.contains($0.project) } : []
            return (try Self.encode(jobs), .allNamespaces)
        }
        return Self.respond(with: entry, to: request)
    }

    func get(project: String, job: String, _ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        context.legacyCall.note(project: project, workload: job)
        _ = try context.requireAccess(to: project)
        let admits = try JobTypeFilter.parse(request.uri.queryParameters["jobTypeFilter"].map(String.init))?.admitsInferenceJobs ?? true
        let entry = try await cache.answer(for: "j\(admits ? 1 : 0):\(project)/\(job)") {
            _ = try await catalog.requireKnownForRead(project, field: "project")
            guard admits, let workload = try await workloads.find(project: project, name: job) else {
                throw LegacyAPIError.notFound(
                    "job: \(job) does not exist in project \(project)",
                    details: "No inference job named \(job) exists in project \(project); GET /api/v1/jobs/\(project) lists its jobs.",
                    field: "job"
                )
            }
            return (try Self.encode([workload]), .object(namespace: workload.namespace, name: workload.name))
        }
        context.legacyCall.note(project: project, workload: job, successor: entry.successor)
        return Self.respond(with: entry, to: request)
    }

    /// `{"data": [JobView]}`, encoded.
    private static func encode(_ jobs: [Workload]) throws -> Data {
        try JSONResponse.encoder.encode(LegacyDataResponse(data: jobs.map(JobView.init(workload:))))
    }

    /// The cached answer with its `ETag`, or 304 when the caller already has this version.
    private static func respond(with entry: PollCache.Entry, to request: Request) -> Response {
        if let sent = request.headers[.ifNoneMatch], Self.matches(sent, tag: entry.tag) {
            return Response(status: .notModified, headers: [.eTag: entry.tag])
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8", .contentLength: "\(entry.body.readableBytes)",
                .eTag: entry.tag,
            ],
            body: .init(byteBuffer: entry.body)
        )
    }

    /// Whether an `If-None-Match` value names `tag` (weakly compared) or is `*`.
    static func matches(_ ifNoneMatch: String, tag: String) -> Bool {
        if ifNoneMatch == tag { return true }
        return ifNoneMatch.split(separator: ",").contains { element in
            let candidate = element.trimmingCharacters(in: .whitespaces)
            return candidate == tag || candidate == "*" || candidate == "W/" + tag
        }
    }
}
