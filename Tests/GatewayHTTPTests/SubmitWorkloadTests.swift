import Foundation
import GatewayCore
import GatewayPersistence
import GatewaySync
import Testing

@testable import GatewayHTTP

/// A cluster whose first push always ends the same way.
struct FixedFirstPush: FirstPushOutcomeSource {
    let refusal: FirstPushRefusal?

    func refusalOfFirstPush(of workloadID: String) async -> FirstPushRefusal? {
        refusal
    }
}

/// The submit use case over in-memory repositories and a fake cluster: replay, name retry, the
/// first-push wait and its undo.
@Suite struct SubmitWorkloadTests {
    let store = InMemoryStore()
    let principal = Principal.anonymous(displayUser: "john")

    func submission(firstPush: (any FirstPushOutcomeSource)? = nil) -> SubmitWorkload {
        SubmitWorkload(
            workloads: store,
            idempotency: store,
            catalog: ProjectCatalog(repository: store, configured: nil, options: TranslationOptions()),
            options: TranslationOptions(),
            firstPush: firstPush
        )
    }

    func request(_ body: String = submitBody(name: "inference1")) throws -> LegacySubmitRequest {
        try LegacySubmitRequest(json: try LegacyRequestDecoder.parse(Data(body.utf8)), templates: nil)
    }

    func submitted(_ outcome: SubmitWorkload.Outcome) throws -> Workload {
        guard case .submitted(let workload) = outcome else {
            Issue.record("expected a stored workload, got \(outcome)")
            throw CancellationError()
        }
        return workload
    }

    @Test func aSubmitStoresTheWorkloadWithItsProjectAndQueuesItsPush() async throws {
        let workload = try submitted(try await submission().submit(try request(), by: principal, idempotency: nil))
        #expect(workload.name == "inference1")
        #expect(workload.project == "team-a")
        #expect(workload.namespace == "runai-team-a")
        #expect(workload.username == "john")
        #expect(try await store.find(project: "team-a", name: "inference1") == workload)
        #expect(try await store.find(name: "team-a")?.origin == .automatic)
        #expect(await store.queued.map { $0.operation } == ["apply"])
    }

    @Test func aRetryWithTheSameKeyAndRequestGetsTheStoredAnswerAndStoresNothingNew() async throws {
        let idempotency = SubmitWorkload.Idempotency(key: "k-1", fingerprint: "f-1")
        let submission = submission()
        #expect(try await submission.replay(idempotency, principal: principal) == nil)
        let workload = try submitted(try await submission.submit(try request(), by: principal, idempotency: idempotency))

        let replay = try #require(try await submission.replay(idempotency, principal: principal))
        #expect(replay.status == 200)
        #expect(replay.body == #"{"name":"inference1"}"#)
        #expect(replay.workload?.id == workload.id)
        #expect(await store.workloads.count == 1)
    }

    @Test func theSameKeyWithAnotherRequestIsA422NamingTheKey() async throws {
        let submission = submission()
        _ = try await submission.submit(try request(), by: principal, idempotency: .init(key: "k-1", fingerprint: "f-1"))
        let error = try await #require(throws: LegacyAPIError.self) {
            try await submission.replay(.init(key: "k-1", fingerprint: "another body"), principal: principal)
        }
        #expect(error.status == 422)
        #expect(error.field == "Idempotency-Key")
    }

    @Test func aConcurrentSubmitWithTheSameKeyThatCommittedFirstIsAnsweredAsItWas() async throws {
        let earlier = IdempotencyRecord(
            principal: principal.user,
            key: "k-1",
            requestHash: "f-1",
            responseStatus: 200,
            responseBody: #"{"name":"inference1"}"#,
            workloadID: nil,
            createdAt: Date()
        )
        await store.store(earlier)
        let outcome = try await submission().submit(try request(), by: principal, idempotency: .init(key: "k-1", fingerprint: "f-1"))
        #expect(outcome == .replayed(.init(status: 200, body: #"{"name":"inference1"}"#, workload: nil)))
        #expect(await store.workloads.isEmpty)
    }

    @Test func aGeneratedNameTakenByAConcurrentSubmitIsChosenAgain() async throws {
        await store.raceForName("job-1")
        let workload = try submitted(try await submission().submit(try request(submitBody()), by: principal, idempotency: nil))
        #expect(workload.name == "job-2")
        #expect(try await store.names(project: "team-a") == ["job-1", "job-2"])
    }

    @Test func aGeneratedNameIsChosenAtMostFiveTimesThenTheCallIsA409() async throws {
        for number in 1...SubmitWorkload.nameAttempts { await store.raceForName("job-\(number)") }
        let error = try await #require(throws: LegacyAPIError.self) {
            try await submission().submit(try request(submitBody()), by: principal, idempotency: nil)
        }
        #expect(error.status == 409)
        #expect(error.message == "job.name: job-5 already exists in project team-a")
        #expect(await store.queued.isEmpty)
    }

    @Test func aGivenNameTakenByAConcurrentSubmitIsA409AtOnce() async throws {
        await store.raceForName("inference1")
        let error = try await #require(throws: LegacyAPIError.self) {
            try await submission().submit(try request(), by: principal, idempotency: nil)
        }
        #expect(error.status == 409)
        #expect(error.field == "job.name")
        #expect(await store.queued.isEmpty)
    }

    @Test(arguments: [(422, 422), (403, 403), (500, 502)])
    func aRefusalByTheClusterWithdrawsTheWorkloadAndIsTheAnswer(cluster: Int, answered: Int) async throws {
        let refusal = FirstPushRefusal(code: cluster, reason: "Invalid", message: "spec.image: Required value")
        let submission = submission(firstPush: FixedFirstPush(refusal: refusal))
        let idempotency = SubmitWorkload.Idempotency(key: "k-1", fingerprint: "f-1")
        let error = try await #require(throws: LegacyAPIError.self) {
            try await submission.submit(try request(), by: principal, idempotency: idempotency)
        }
        #expect(error.status == answered)
        #expect(error.field == "job")
        #expect(error.message == "job.inference1: the cluster refused the InferenceWorkload (Invalid)")
        #expect(error.details == "spec.image: Required value")

        let stored = try #require(await store.workloads.first)
        #expect(stored.deletedAt != nil)
        #expect(stored.lastError == "spec.image: Required value")
        #expect(try await store.names(project: "team-a").isEmpty, "the name is free again")
        #expect(await store.queued.isEmpty)
        #expect(try await submission.replay(idempotency, principal: principal) == nil, "a retry must not replay success")
    }

    @Test func aClusterThatDoesNotAnswerWithinTheSubmitWaitLeavesTheJobQueued() async throws {
        let wait = FirstPushWait(outcomes: PushOutcomes(), timeout: .milliseconds(20))
        let workload = try submitted(try await submission(firstPush: wait).submit(try request(), by: principal, idempotency: nil))
        let stored = try #require(try await store.find(id: workload.id))
        #expect(stored.deletedAt == nil)
        #expect(stored.syncState == .pending)
        #expect(stored.status == "Pending")
        #expect(await store.queued.map { $0.workloadID } == [workload.id])
    }

    @Test func theFirstPushWaitHearsARefusalPublishedBeforeItWaitedAndNothingElse() async throws {
        let outcomes = PushOutcomes()
        let wait = FirstPushWait(outcomes: outcomes, timeout: .seconds(30))
        await outcomes.publish(.rejected(code: 422, reason: "Invalid", message: "bad"), for: "w-1")
        await outcomes.publish(.pushed, for: "w-2")
        await outcomes.publish(.deferred(message: "connection refused"), for: "w-3")
        #expect(await wait.refusalOfFirstPush(of: "w-1") == FirstPushRefusal(code: 422, reason: "Invalid", message: "bad"))
        #expect(await wait.refusalOfFirstPush(of: "w-2") == nil)
        #expect(await wait.refusalOfFirstPush(of: "w-3") == nil)

        await outcomes.publish(.rejected(code: 422, reason: nil, message: "bad"), for: "w-4")
        #expect(await FirstPushWait(outcomes: outcomes, timeout: .zero).refusalOfFirstPush(of: "w-4") == nil, "no wait answers on commit")
    }
}
