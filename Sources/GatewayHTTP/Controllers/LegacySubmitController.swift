import Foundation
import GatewayCore
import Hummingbird
import Logging

/// `POST /api/v1/jobs` and its aliases `POST /api/v1/job` and `POST /api/job`: submit an
/// inference job.
///
/// Decodes and validates the body and checks the caller may touch its project; ``SubmitWorkload``
/// replays an earlier answer, chooses the name and stores the workload with the push's outbox
/// entry (and the idempotency answer) in one transaction; answers `200 {"name": …}` only once
/// that is committed.
struct LegacySubmitController: Sendable {
    /// Stores the job and waits briefly for its first push.
    let submission: SubmitWorkload
    let options: TranslationOptions
    let maximumBodySize: Int
    /// The templates a `{"template": …}` submit may name as `settingsName`; `nil` without a templates file.
    let templates: TemplateStore?

    /// The ``LegacyEndpoint/submit`` rows, relative to a mount point.
    var endpoints: RouteCollection<GatewayRequestContext> {
        RouteCollection(context: GatewayRequestContext.self).on(.submit) { request, context, _ in
            try await submit(request, context: context)
        }
    }

    func submit(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = Data(try await request.body.collect(upTo: maximumBodySize).readableBytesView)
        let idempotency = try IdempotencyKey.from(request.headers).map { key in
            SubmitWorkload.Idempotency(
                key: key.value,
                fingerprint: IdempotencyKey.fingerprint(path: request.uri.path, displayUser: principal.displayUser, body: body)
            )
        }
        if let replay = try await submission.replay(idempotency, principal: principal) {
            return Self.render(replay, context: context)
        }

        let json = try LegacyRequestDecoder.parse(body)
        let request = try LegacySubmitRequest(json: json, templates: templates?.current())
        let job = request.submission
        try request.attributing { () throws(LegacyAPIError) in try LegacyJobValidator.validate(job, options: options) }
        let projectName = job.job.project ?? ""
        context.legacyCall.note(project: projectName)
        _ = try context.requireAccess(to: projectName)

        switch try await submission.submit(request, by: principal, idempotency: idempotency) {
        case .replayed(let replay):
            return Self.render(replay, context: context)
        case .submitted(let workload):
            context.legacyCall.note(
                project: workload.project,
                workload: workload.name,
                successor: .object(namespace: workload.namespace, name: workload.name)
            )
            context.logger.info(
                "legacy job submitted",
                metadata: ["gateway.project": "\(workload.project)", "gateway.workload": "\(workload.name)"]
            )
            return try JSONResponse.make(SubmitResponse(name: workload.name))
        }
    }

    /// The stored answer of an earlier submit with the same key, sent again as it was.
    private static func render(_ replay: SubmitWorkload.Replay, context: GatewayRequestContext) -> Response {
        if let workload = replay.workload {
            context.legacyCall.note(
                project: workload.project,
                workload: workload.name,
                successor: .object(namespace: workload.namespace, name: workload.name)
            )
        }
        let body = ByteBuffer(string: replay.body)
        return Response(
            status: HTTPResponse.Status(code: replay.status),
            headers: [
                .contentType: "application/json; charset=utf-8", .contentLength: "\(body.readableBytes)",
                LegacyHeader.idempotentReplayed: "true",
            ],
            body: .init(byteBuffer: body)
        )
    }
}
