import Foundation
import GatewayCore
import Hummingbird

/// Answers `410 Gone` to the legacy calls an open brownout window covers, before any handler runs.
///
/// Sits inside authentication (the client is the metrics' client identity: the token's user,
/// else `RA-USER`, else `User-Agent`) and the body limit (a submit's body is read to show the
/// `InferenceWorkload` it becomes). It notes the route, project, job and successor, so the
/// deprecation headers, the deprecated-call metrics and the audit log around it record the answer.
struct BrownoutMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    /// `nil`: no brownouts file, every call is served.
    let brownouts: Brownouts?
    let signals: DeprecationSignals
    let catalog: ProjectCatalog
    let options: TranslationOptions
    let metrics: BrownoutMetrics?
    var now: @Sendable () -> Date = { Date() }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let plan = brownouts?.current else { return try await next(request, context) }
        let now = now()
        guard plan.hasOpenWindow(at: now), let match = LegacyRoutes.match(method: request.method, path: request.uri.path) else {
            return try await next(request, context)
        }
        let endpoint = LegacyRoutes.table[match.row].endpoint
        let principal = context.legacyCall.current.principal
        let client = DeprecatedCallMetrics.client(
            authenticatedUser: principal?.isAuthenticated == true ? principal?.user : nil,
            raUser: request.headers[LegacyHeader.raUser],
            userAgent: request.headers[.userAgent]
        )
        let call = BrownoutPlan.Call(client: client, endpoint: endpoint.rawValue, isPoll: request.method == .get || request.method == .head)
        guard let window = plan.window(for: call, at: now) else {
            return try await next(request, context)
        }
        context.legacyCall.note(route: match.row)
        var successor = SuccessorTarget.allNamespaces
        var workload: InferenceWorkload?
        if let project = match.parameters.first {
            let namespace = await catalog.namespace(of: project) ?? options.namespace(for: project)
            successor = match.parameters.count > 1 ? .object(namespace: namespace, name: match.parameters[1]) : .namespace(namespace)
            context.legacyCall.note(project: project, workload: match.parameters.dropFirst().first, successor: successor)
        } else if endpoint == .submit {
            workload = await translated(request, user: principal?.user ?? request.headers[LegacyHeader.raUser])
            if let workload, let namespace = workload.metadata.namespace {
                successor = .namespace(namespace)
                context.legacyCall.note(project: workload.metadata.labels?[TranslationOptions.projectLabel], successor: successor)
            }
        }
        metrics?.record(window: window.name, endpoint: endpoint)
        let answer = BrownoutAnswer(
            window: window,
            method: request.method,
            path: request.uri.path,
            successor: successor,
            workload: workload,
            signals: signals,
            host: request.head.authority
        )
        var response = try JSONResponse.make(answer, status: .gone)
        response.headers[.retryAfter] = HTTPDate.format(window.end)
        return response
    }

    /// The `InferenceWorkload` the submit's body becomes, when it translates.
    private func translated(_ request: Request, user: String?) async -> InferenceWorkload? {
        var request = request
        guard let buffer = try? await request.collectBody(upTo: Int.max) else { return nil }
        return try? LegacyTranslator.translate(body: Data(buffer.readableBytesView), user: user, options: options)
    }
}
