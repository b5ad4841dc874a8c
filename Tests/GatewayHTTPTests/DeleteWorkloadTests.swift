import Foundation
import GatewayCore
import GatewayPersistence
import Testing

@testable import GatewayHTTP

/// The delete use case over in-memory repositories: each deletion queues its push; a refusal is
/// the job's status and changes nothing.
@Suite struct DeleteWorkloadTests {
    let store = InMemoryStore()
    let principal = Principal.anonymous(displayUser: "john")

    func deletion() -> DeleteWorkload {
        DeleteWorkload(
            workloads: store,
            catalog: ProjectCatalog(repository: store, configured: nil, options: TranslationOptions())
        )
    }

    func submit(_ name: String, project: String = "team-a") async throws {
        let submission = SubmitWorkload(
            workloads: store,
            idempotency: store,
            catalog: ProjectCatalog(repository: store, configured: nil, options: TranslationOptions()),
            options: TranslationOptions(),
            firstPush: nil
        )
        let request = try LegacySubmitRequest(
            json: try LegacyRequestDecoder.parse(Data(submitBody(name: name, project: project).utf8)),
            templates: nil
        )
        _ = try await submission.submit(request, by: principal, idempotency: nil)
    }

    @Test func aDeletionMarksTheRecordAndQueuesTheDelete() async throws {
        try await submit("inference1")
        let status = try await deletion().delete(JobReference(name: "inference1", project: "team-a"), by: principal)
        #expect(status.ok)
        #expect(try await store.find(project: "team-a", name: "inference1") == nil)
        #expect(await store.queued.map { $0.operation } == ["apply", "delete"])
    }

    @Test func anUnknownJobIsA404StatusAndQueuesNothing() async throws {
        let status = try await deletion().delete(JobReference(name: "nope", project: "team-a"), by: principal)
        #expect(!status.ok)
        #expect(status.error?.status == 404)
        #expect(await store.queued.isEmpty)
    }

    @Test func aProjectOutsideTheCallersIsA403StatusAndDeletesNothing() async throws {
        try await submit("inference1")
        let confined = Principal(user: "ann", displayUser: "ann", scope: .projects(["team-b"]), isAuthenticated: true)
        let status = try await deletion().delete(JobReference(name: "inference1", project: "team-a"), by: confined)
        #expect(status.error?.status == 403)
        #expect(try await store.find(project: "team-a", name: "inference1") != nil)
        #expect(await store.queued.map { $0.operation } == ["apply"])
    }

    @Test func theProjectOfANameIsTheOnlyOneWithSuchAJobAndSeveralAreA400() async throws {
        try await submit("inference1")
        #expect(try await deletion().project(ofJob: "inference1", for: principal) == "team-a")
        #expect(try await deletion().project(ofJob: "other", for: principal) == nil)
        try await submit("inference1", project: "team-b")
        let error = try await #require(throws: LegacyAPIError.self) {
            try await deletion().project(ofJob: "inference1", for: principal)
        }
        #expect(error.status == 400)
        #expect(error.field == "project")
    }
}
