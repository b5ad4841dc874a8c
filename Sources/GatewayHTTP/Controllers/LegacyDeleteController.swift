import Foundation
import GatewayCore
import Hummingbird

/// `DELETE /api/v1/jobs`, `DELETE /api/v1/job` and `DELETE /api/job`: delete jobs.
///
/// The markdown form, `[{"name", "project"}, …]`, answers `{"data": [JobActionStatus]}`; the
/// swagger forms (the job name as a JSON string, or `{"jobName", "project"}`) answer one
/// `JobActionStatus`. A job that does not exist is `ok: false` with `error.status` 404, as the
/// legacy CLI expects. Each deletion marks the record and queues the push in one transaction.
struct LegacyDeleteController: Sendable {
    /// Deletes each job named.
    let deletion: DeleteWorkload
    /// The namespaces the answer's successor links point into.
    let catalog: ProjectCatalog
    let maximumBodySize: Int

    /// The ``LegacyEndpoint/delete`` rows, relative to a mount point.
    var endpoints: RouteCollection<GatewayRequestContext> {
        RouteCollection(context: GatewayRequestContext.self).on(.delete) { request, context, _ in
            try await delete(request, context: context)
        }
    }

    func delete(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = Data(try await request.body.collect(upTo: maximumBodySize).readableBytesView)
        // One strict parse; every name and project is checked whole before any lookup.
        let query = try LegacyNameInput.queryProject(request)
        switch try LegacyRequestDecoder.parse(body) {
        case .array(let items):
            let references = try LegacyRequestDecoder.decodeJobReferences(json: .array(items))
            guard !references.isEmpty else {
                throw LegacyAPIError(
                    status: 400,
                    message: "request body: must list at least one job",
                    details: "The body is an empty list; send [{\"name\": \"…\", \"project\": \"…\"}, …].",
                    field: "request body"
                )
            }
            var statuses: [JobActionStatus] = []
            for reference in references {
                statuses.append(try await deletion.delete(reference, by: principal))
            }
            let projects = Set(references.map(\.project))
            if projects.count == 1, let project = projects.first, let namespace = await catalog.namespace(of: project) {
                context.legacyCall.note(
                    project: project,
                    workload: references.count == 1 ? references[0].name : nil,
                    successor: references.count == 1 ? .object(namespace: namespace, name: references[0].name) : .namespace(namespace)
                )
            }
            return try JSONResponse.make(LegacyDataResponse(data: statuses))
        case let single:
            let (name, project) = try Self.single(single, query: query)
            guard let resolved = try await resolveProject(project, name: name, principal: principal) else {
                return try JSONResponse.make(
                    JobActionStatus.failed(
                        name,
                        .notFound(
                            "job: \(name) does not exist",
                            details: "No job named \(name) exists in the projects you may touch.",
                            field: "jobName"
                        )
                    )
                )
            }
            context.legacyCall.note(project: resolved, workload: name)
            let status = try await deletion.delete(JobReference(name: name, project: resolved), by: principal)
            if status.ok, let namespace = await catalog.namespace(of: resolved) {
                context.legacyCall.note(project: resolved, workload: name, successor: .object(namespace: namespace, name: name))
            }
            return try JSONResponse.make(status)
        }
    }

    /// The project of a swagger-form delete: the one given, else the only project the caller may
    /// touch with a live job of that name; `nil` when there is none.
    private func resolveProject(_ given: String?, name: String, principal: Principal) async throws -> String? {
        if let given { return given }
        return try await deletion.project(ofJob: name, for: principal)
    }

    /// The name and project of a swagger-form body: `"name"` or `{"jobName"|"name", "project"|"projectName"}`,
    /// each checked whole (``LegacyNames``); `422` naming the member (`jobName` for a bare string) otherwise.
    static func single(_ json: JSONValue, query: String?) throws -> (name: String, project: String?) {
        switch json {
        case .string(let name) where !name.isEmpty:
            try LegacyNames.checkJob(name, field: "jobName")
            return (name, query)
        case .object(let members):
            let accepted: Set<String> = ["jobName", "name", "project", "projectName"]
            if let unknown = members.keys.filter({ !accepted.contains($0) }).sorted().first {
                throw LegacyAPIError.invalid(
                    field: unknown,
                    rule: "unknown field",
                    details: "\(unknown) is not a field of a delete; send jobName (or name) and project."
                )
            }
            for key in members.keys where !(members[key]?.isNull ?? true) && members[key]?.stringValue == nil {
                throw LegacyAPIError.wrongType(field: key, expected: "a string", found: members[key] ?? .null)
            }
            let nameKey = members["jobName"] != nil ? "jobName" : "name"
            guard let name = members[nameKey]?.stringValue, !name.isEmpty else {
                throw LegacyAPIError.missing(field: "jobName")
            }
            try LegacyNames.checkJob(name, field: nameKey)
            let projectKey = members["project"] != nil ? "project" : "projectName"
            guard let project = members[projectKey]?.stringValue, !project.isEmpty else { return (name, query) }
            try LegacyNames.checkProject(project, field: projectKey)
            return (name, project)
        default:
            throw LegacyAPIError.wrongType(
                field: "request body",
                expected: "a job name, {\"jobName\", \"project\"} or [{\"name\", \"project\"}, …]",
                found: json
            )
        }
    }
}
