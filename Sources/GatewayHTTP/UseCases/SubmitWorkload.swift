import Foundation
import GatewayCore
import GatewayPersistence
import GatewaySync

/// Submitting a legacy job, once its body is decoded and validated and the caller may touch its
/// project: the idempotent replay, the choice of a free name, the record and its push committed
/// together, and the wait for the first push.
///
/// Its I/O is behind ``WorkloadRepository``, ``IdempotencyRepository``, the ``ProjectCatalog`` and
/// ``FirstPushOutcomeSource``, so it runs as well over in-memory fakes as over the SQLite store and
/// the relay. It wakes nobody: the store announces the queued push once it is committed.
struct SubmitWorkload: Sendable {
    /// The `Idempotency-Key` a submit was sent with, and the fingerprint of its request.
    struct Idempotency: Sendable, Equatable {
        /// The key as sent.
        var key: String
        /// What makes two requests the same (``IdempotencyKey/fingerprint(path:displayUser:body:)``).
        var fingerprint: String
    }

    /// The answer of an earlier submit with the same key, to be sent again as it was.
    struct Replay: Sendable, Equatable {
        /// The status answered.
        var status: Int
        /// The body answered.
        var body: String
        /// The workload the earlier submit created, when it is still stored.
        var workload: Workload?
    }

    /// What a submit did.
    enum Outcome: Sendable, Equatable {
        /// The workload is stored with its push queued; the cluster accepted it, or did not answer
        /// within the submit wait and it is pushed later.
        case submitted(Workload)
        /// A concurrent submit with the same key committed first: answer as it did.
        case replayed(Replay)
    }

    /// The workload records, written with their outbox entries.
    let workloads: any WorkloadRepository
    /// The stored answers of submits sent with a key.
    let idempotency: any IdempotencyRepository
    /// The projects a submit may name.
    let catalog: ProjectCatalog
    /// How jobs are named and translated.
    let options: TranslationOptions
    /// Where the submit hears of its first push; `nil` answers on commit.
    let firstPush: (any FirstPushOutcomeSource)?
    /// Told which request queues each workload's push, so the push's log line names it.
    var correlation: PushCorrelation? = nil

    /// How often a generated name is chosen again when a concurrent submit took it first.
    static let nameAttempts = 5

    /// The stored answer of an earlier submit of `principal` with the same key, if there is one.
    /// - Throws: ``LegacyAPIError`` 422 when the key was first sent with another request.
    func replay(_ idempotency: Idempotency?, principal: Principal) async throws -> Replay? {
        guard let idempotency, let stored = try await self.idempotency.find(principal: principal.user, key: idempotency.key) else {
            return nil
        }
        guard stored.requestHash == idempotency.fingerprint else {
            throw IdempotencyKey.mismatch(idempotency.key)
        }
        var workload: Workload?
        if let id = stored.workloadID {
            workload = try await workloads.find(id: id)
        }
        return Replay(status: stored.responseStatus, body: stored.responseBody, workload: workload)
    }

    /// Stores the job of `request` under a free name with its push queued (and the project, when it
    /// is new, and the answer for `idempotency`), then waits for the first push.
    ///
    /// - Throws: ``LegacyAPIError``: 404 for a project that is not configured, 409 when the name
    ///   is taken (a generated name only after ``nameAttempts`` tries), the refusal of the cluster
    ///   (its 4xx, or 502) after withdrawing the workload, and the translation's 422s.
    func submit(_ request: LegacySubmitRequest, by principal: Principal, idempotency: Idempotency?) async throws -> Outcome {
        let submission = request.submission
        let now = Date(millisecondsSince1970: Date().millisecondsSince1970)
        let (project, isNew) = try await catalog.projectForSubmit(submission.job.project ?? "", now: now)
        let generatesName = (submission.job.name ?? "").isEmpty

        for attempt in 1...Self.nameAttempts {
            // A given name is checked against the store by its unique index; only a generated
            // name needs the names taken so far.
            let taken = generatesName ? try await workloads.names(project: project.name) : []
            let (name, object) = try request.attributing { () throws(LegacyAPIError) in
                let name = try JobNameGenerator.name(for: submission.job, taken: taken, options: options)
                let object = try LegacyTranslator.translate(
                    submission: submission,
                    name: name,
                    user: principal.displayUser,
                    namespace: project.namespace,
                    options: options
                )
                return (name, object)
            }
            let workload = Workload(
                id: UUID().uuidString.lowercased(),
                project: project.name,
                name: name,
                namespace: project.namespace,
                username: principal.displayUser,
                legacyRequest: request.job.compactString,
                desiredObject: try object.jsonText(),
                requestedGPUs: submission.job.gpu ?? 0,
                createdAt: now,
                updatedAt: now,
                template: request.template
            )
            let record = try idempotency.map {
                IdempotencyRecord(
                    principal: principal.user,
                    key: $0.key,
                    requestHash: $0.fingerprint,
                    responseStatus: 200,
                    responseBody: String(decoding: try JSONResponse.encoder.encode(SubmitResponse(name: name)), as: UTF8.self),
                    workloadID: workload.id,
                    createdAt: now
                )
            }
            correlation?.note(workloadID: workload.id)
            do {
                try await workloads.create(workload, project: isNew ? project : nil, idempotency: record)
            } catch let error as StoreError where error.code == .alreadyExists {
                if generatesName, attempt < Self.nameAttempts { continue }
                throw request.attributed(.alreadyExists(name: name, project: project.name))
            } catch {
                // A concurrent submit with the same key committed first: answer as it did.
                if let replay = try await replay(idempotency, principal: principal) {
                    return .replayed(replay)
                }
                throw error
            }
            try await awaitFirstPush(of: workload)
            return .submitted(workload)
        }
        throw request.attributed(
            .alreadyExists(name: submission.job.jobNamePrefix ?? JobNameGenerator.defaultPrefix, project: project.name)
        )
    }

    /// Waits up to the submit wait for the workload's first push (the relay was woken by the
    /// commit): a refusal by the cluster (admission, quota, an invalid object) withdraws the
    /// workload and reaches the caller as a legacy error; an unreachable cluster or a slow push
    /// answers `Pending`.
    private func awaitFirstPush(of workload: Workload) async throws {
        guard let refusal = await firstPush?.refusalOfFirstPush(of: workload.id) else { return }
        try await workloads.discard(id: workload.id, error: refusal.message, at: Date())
        throw LegacyAPIError(
            status: (400..<500).contains(refusal.code) ? refusal.code : 502,
            message: "job.\(workload.name): the cluster refused the InferenceWorkload (\(refusal.reason ?? "error \(refusal.code)"))",
            details: refusal.message,
            field: "job"
        )
    }
}
