import Foundation
import GatewayCore
import GatewayPersistence

/// Deleting legacy jobs: each deletion marks the record deleted and queues the push in one
/// transaction; a refusal (another project, an unknown project or job) is the job's status, not
/// an error of the call.
///
/// Its I/O is behind ``WorkloadRepository`` and the ``ProjectCatalog``; the store announces each
/// queued delete once it is committed, so the relay pushes it at once.
struct DeleteWorkload: Sendable {
    /// The workload records, written with their outbox entries.
    let workloads: any WorkloadRepository
    /// The projects a delete may name.
    let catalog: ProjectCatalog

    /// Deletes one job of `principal`, answering its status.
    func delete(_ reference: JobReference, by principal: Principal) async throws -> JobActionStatus {
        guard principal.allows(project: reference.project) else {
            return .failed(
                reference.name,
                LegacyAPIError(
                    status: 403,
                    message: "project: \(reference.project) is outside the projects of \(principal.user)",
                    details: "The token of \(principal.user) may not touch project \(reference.project).",
                    field: "project"
                )
            )
        }
        if catalog.isConfigured, try await catalog.known(reference.project) == nil {
            return .failed(reference.name, ProjectCatalog.notFound(reference.project, field: "project"))
        }
        let deleted = try await workloads.delete(project: reference.project, name: reference.name, at: Date())
        guard deleted != nil else {
            return .failed(
                reference.name,
                .notFound(
                    "job: \(reference.name) does not exist in project \(reference.project)",
                    details: "No job named \(reference.name) exists in project \(reference.project).",
                    field: "name"
                )
            )
        }
        return .succeeded(reference.name)
    }

    /// The project of a delete that names none: the only project `principal` may touch with a
    /// live job named `name`; `nil` when there is none.
    /// - Throws: ``LegacyAPIError`` 400 when several such projects have one.
    func project(ofJob name: String, for principal: Principal) async throws -> String? {
        let owners = Set(try await workloads.list(project: nil).filter { $0.name == name && principal.allows(project: $0.project) }.map(\.project))
        guard owners.count <= 1 else {
            throw LegacyAPIError(
                status: 400,
                message: "project: required, \(name) exists in several projects",
                details: "Jobs named \(name) exist in projects \(owners.sorted().joined(separator: ", ")); "
                    + "send {\"jobName\": \"\(name)\", \"project\": \"…\"} or ?project=….",
                field: "project"
            )
        }
        return owners.first
    }
}
