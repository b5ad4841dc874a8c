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

    func addRoutes(to router: Router<GatewayRequestContext>, prefix: String) {
        func path(_ relative: String) -> RouterPath {
            RouterPath(prefix.isEmpty ? relative : "\(prefix)/\(relative)")
        }
        for collection in ["api/v1/jobs", "api/job"] {
            router.get(path(collection)) { request, context in
                try await list(project: request.uri.queryParameters["project"].map(String.init), request, context)
            }
        }
        for (collection, projectParameter, jobParameter) in [("api/v1/jobs", "project", "job"), ("api/v1/job", "projectName", "jobName")] {
            router.get(path("\(collection)/:\(projectParameter)")) { request, context in
                try await list(project: try context.parameters.require(projectParameter), request, context)
            }
            router.get(path("\(collection)/:\(projectParameter)/:\(jobParameter)")) { request, context in
                try await get(
                    project: try context.parameters.require(projectParameter),
                    job: try context.parameters.require(jobParameter),
                    request, context
                )
            }
        }
    }

    func list(project: String?, _ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let filter = try JobTypeFilter.parse(request.uri.queryParameters["jobTypeFilter"].map(String.init))
        let admits = filter?.admitsInferenceJobs ?? true
        if let project, !project.isEmpty {
            context.legacyCall.note(project: project)
            _ = try context.requireAccess(to: project)
            let stored = try await catalog.requireKnownForRead(project, field: "project")
            let namespace = stored?.namespace ?? catalog.options.namespace(for: project)
            context.legacyCall.note(project: project, successor: .namespace(namespace))
            return try await answer(key: "p\(admits ? 1 : 0):\(project)", request: request) {
                admits ? try await workloads.list(project: project) : []
            }
        }
        let visible = Set(try await catalog.visible(to: principal).map(\.name))
        return try await answer(key: "a\(admits ? 1 : 0):\(visible.sorted().joined(separator: "\u{0}"))", request: request) {
            admits ? try await workloads.list(project: nil).filter { visible.contains($0.project) } : []
        }
    }

    func get(project: String, job: String, _ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        context.legacyCall.note(project: project, workload: job)
        _ = try context.requireAccess(to: project)
        let filter = try JobTypeFilter.parse(request.uri.queryParameters["jobTypeFilter"].map(String.init))
        _ = try await catalog.requireKnownForRead(project, field: "project")
        guard let workload = try await workloads.find(project: project, name: job), filter?.admitsInferenceJobs ?? true else {
            throw LegacyAPIError.notFound(
                "job: \(job) does not exist in project \(project)",
                details: "No inference job named \(job) exists in project \(project); GET /api/v1/jobs/\(project) lists its jobs.",
                field: "job"
            )
        }
        context.legacyCall.note(project: project, workload: job, successor: .object(namespace: workload.namespace, name: workload.name))
        return try await answer(key: "j:\(project)/\(job)", request: request) { [workload] }
    }

    /// `{"data": views}` with its `ETag`, or 304 when the caller already has this version.
    /// The encoded body is reused from ``PollCache`` while no workload changed.
    private func answer(
        key: String, request: Request, jobs: () async throws -> [Workload]
    ) async throws -> Response {
        let entry = try await cache.answer(for: key) {
            try JSONResponse.encoder.encode(LegacyDataResponse(data: try await jobs().map(JobView.init(workload:))))
        }
        if let sent = request.headers[.ifNoneMatch],
            sent.split(separator: ",").contains(where: {
                let candidate = $0.trimmingCharacters(in: .whitespaces)
                return candidate == entry.tag || candidate == "*" || candidate == "W/" + entry.tag
            })
        {
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
}
