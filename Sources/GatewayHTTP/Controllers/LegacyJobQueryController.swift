import Crypto
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
        var jobs: [Workload]
        if let project, !project.isEmpty {
            context.legacyCall.note(project: project)
            _ = try context.requireAccess(to: project)
            let stored = try await catalog.requireKnownForRead(project, field: "project")
            let namespace = stored?.namespace ?? catalog.options.namespace(for: project)
            context.legacyCall.note(project: project, successor: .namespace(namespace))
            jobs = try await workloads.list(project: project)
        } else {
            let visible = Set(try await catalog.visible(to: principal).map(\.name))
            jobs = try await workloads.list(project: nil).filter { visible.contains($0.project) }
        }
        if let filter, !filter.admitsInferenceJobs {
            jobs = []
        }
        return try answer(jobs.map(JobView.init(workload:)), request: request)
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
        return try answer([JobView(workload: workload)], request: request)
    }

    /// `{"data": views}` with its `ETag`, or 304 when the caller already has this version.
    private func answer(_ views: [JobView], request: Request) throws -> Response {
        let body = try JSONResponse.encoder.encode(LegacyDataResponse(data: views))
        let tag = "\"" + SHA256.hash(data: body).prefix(12).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined() + "\""
        if let sent = request.headers[.ifNoneMatch], sent.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
            return Response(status: .notModified, headers: [.eTag: tag])
        }
        var response = JSONResponse.make(encoded: body)
        response.headers[.eTag] = tag
        return response
    }
}
