import Foundation
import GatewayCore
import GatewayPersistence
import GatewaySync
import Hummingbird
import Logging

/// `POST /api/v1/jobs` and its aliases `POST /api/v1/job` and `POST /api/job`: submit an
/// inference job.
///
/// Decodes and validates the body, chooses the name, translates the job into its
/// `InferenceWorkload`, and stores both with the push's outbox entry (and the idempotency answer)
/// in one transaction; answers `200 {"name": …}` only once that is committed.
struct LegacySubmitController: Sendable {
    let workloads: any WorkloadRepository
    let idempotency: any IdempotencyRepository
    let catalog: ProjectCatalog
    let options: TranslationOptions
    let maximumBodySize: Int
    /// The push path: the submit rings it and waits briefly for the first push.
    var push: PushPath?
    /// The templates a `{"template": …}` submit may name as `settingsName`; `nil` without a templates file.
    var templates: TemplateStore?

    /// How often a generated name is chosen again when a concurrent submit took it first.
    static let nameAttempts = 5

    func addRoutes(to router: Router<GatewayRequestContext>, prefix: String) {
        for path in ["api/v1/jobs", "api/v1/job", "api/job"] {
            router.post(RouterPath(prefix.isEmpty ? path : "\(prefix)/\(path)")) { request, context in
                try await submit(request, context: context)
            }
        }
    }

    func submit(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = Data(try await request.body.collect(upTo: maximumBodySize).readableBytesView)
        let key = try IdempotencyKey.from(request.headers)
        let fingerprint = IdempotencyKey.fingerprint(path: request.uri.path, displayUser: principal.displayUser, body: body)
        if let key, let stored = try await idempotency.find(principal: principal.user, key: key.value) {
            return try await replay(stored, key: key, fingerprint: fingerprint, context: context)
        }

        let json = try LegacyRequestDecoder.parse(body)
        let request = try LegacySubmitRequest(json: json, templates: templates?.current())
        let submission = request.submission
        try request.attributing { () throws(LegacyAPIError) in try LegacyJobValidator.validate(submission, options: options) }
        let projectName = submission.job.project ?? ""
        context.legacyCall.note(project: projectName)
        _ = try context.requireAccess(to: projectName)
        let now = Date(millisecondsSince1970: Date().millisecondsSince1970)
        let (project, isNew) = try await catalog.projectForSubmit(projectName, now: now)
        let generatesName = (submission.job.name ?? "").isEmpty

        for attempt in 1...Self.nameAttempts {
            // A given name is checked against the store by its unique index; only a generated
            // name needs the names taken so far.
            let taken = generatesName ? try await workloads.names(project: project.name) : []
            let (name, object) = try request.attributing { () throws(LegacyAPIError) in
                let name = try JobNameGenerator.name(for: submission.job, taken: taken, options: options)
                let object = try LegacyTranslator.translate(
                    submission: submission, name: name, user: principal.displayUser, namespace: project.namespace, options: options
                )
                return (name, object)
            }
            let answer = try JSONResponse.encoder.encode(SubmitResponse(name: name))
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
            let record = key.map {
                IdempotencyRecord(
                    principal: principal.user, key: $0.value, requestHash: fingerprint, responseStatus: 200,
                    responseBody: String(decoding: answer, as: UTF8.self), workloadID: workload.id, createdAt: now
                )
            }
            do {
                try await workloads.create(workload, project: isNew ? project : nil, idempotency: record)
            } catch let error as StoreError where error.code == .alreadyExists {
                if generatesName, attempt < Self.nameAttempts { continue }
                throw request.attributed(.alreadyExists(name: name, project: project.name))
            } catch {
                // A concurrent submit with the same key committed first: answer as it did.
                if let key, let stored = try await idempotency.find(principal: principal.user, key: key.value) {
                    return try await replay(stored, key: key, fingerprint: fingerprint, context: context)
                }
                throw error
            }
            try await awaitFirstPush(of: workload)
            context.legacyCall.note(
                project: project.name, workload: name, successor: .object(namespace: project.namespace, name: name)
            )
            context.logger.info(
                "legacy job submitted",
                metadata: ["gateway.project": "\(project.name)", "gateway.workload": "\(name)"]
            )
            return try JSONResponse.make(SubmitResponse(name: name))
        }
        throw request.attributed(
            .alreadyExists(name: submission.job.jobNamePrefix ?? JobNameGenerator.defaultPrefix, project: project.name)
        )
    }

    /// Wakes the relay and waits up to the submit wait for the workload's first push: a refusal
    /// by the cluster (admission, quota, an invalid object) withdraws the workload and reaches
    /// the caller as a legacy error; an unreachable cluster or a slow push answers `Pending`.
    private func awaitFirstPush(of workload: Workload) async throws {
        guard let push else { return }
        await push.doorbell.ring()
        guard push.submitWait > .zero,
            case .rejected(code: let code, reason: let reason, message: let message) = await push.outcomes.wait(
                for: workload.id, timeout: push.submitWait)
        else { return }
        try await workloads.discard(id: workload.id, error: message, at: Date())
        throw LegacyAPIError(
            status: (400..<500).contains(code) ? code : 502,
            message: "job.\(workload.name): the cluster refused the InferenceWorkload (\(reason ?? "error \(code)"))",
            details: message,
            field: "job"
        )
    }

    /// The stored answer of an earlier submit with the same key, or 422 when the request differs.
    private func replay(
        _ stored: IdempotencyRecord, key: IdempotencyKey, fingerprint: String, context: GatewayRequestContext
    ) async throws -> Response {
        guard stored.requestHash == fingerprint else {
            throw IdempotencyKey.mismatch(key.value)
        }
        if let id = stored.workloadID, let workload = try await workloads.find(id: id) {
            context.legacyCall.note(
                project: workload.project, workload: workload.name,
                successor: .object(namespace: workload.namespace, name: workload.name)
            )
        }
        let body = ByteBuffer(string: stored.responseBody)
        return Response(
            status: HTTPResponse.Status(code: stored.responseStatus),
            headers: [
                .contentType: "application/json; charset=utf-8", .contentLength: "\(body.readableBytes)",
                LegacyHeader.idempotentReplayed: "true",
            ],
            body: .init(byteBuffer: body)
        )
    }
}
