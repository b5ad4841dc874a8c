import Foundation
import GatewayCore
import GatewayPersistence
import Hummingbird
import Yams

/// The migration tooling's routes: `GET /api/v1/migration/usage` (who still calls the legacy API),
/// the `/migration` page, `POST /api/v1/migration/translate` (the replacement for a call) and
/// `GET /migration/openapi.yaml`. Thin: it checks the caller, reads or translates, and renders.
struct MigrationController: Sendable {
    let access: MigrationAccess
    let usage: any LegacyUsageRepository
    /// The legacy API's settings: the translation options and the body limit.
    let configuration: LegacyAPIConfiguration
    let templates: TemplateStore?
    let signals: DeprecationSignals
    /// The workload records, for the object a client's last submit became; `nil` shows none.
    let workloads: (any WorkloadRepository)?

    /// The controller over the legacy API's pieces.
    init(legacy: LegacyAPI, usage: any LegacyUsageRepository) {
        self.access = MigrationAccess(accessControl: legacy.accessControl)
        self.usage = usage
        self.configuration = legacy.configuration
        self.templates = legacy.templates
        self.signals = legacy.signals
        self.workloads = legacy.workloads
    }

    /// The controller with the legacy API's default settings and no templates.
    init(access: MigrationAccess, usage: any LegacyUsageRepository, configuration: LegacyAPIConfiguration = .init()) {
        self.access = access
        self.usage = usage
        self.configuration = configuration
        self.templates = nil
        self.signals = DeprecationSignals(
            configuration: configuration.deprecation,
            groupVersion: configuration.translation.apiVersion.rawValue,
            fallbackBaseURL: "http://127.0.0.1:8080"
        )
        self.workloads = nil
    }

    /// The report the request's filters select.
    func report(_ request: Request) async throws -> UsageReport {
        _ = try await access.authorize(request)
        let filter = try UsageQuery.filter(request.uri.queryParameters)
        return UsageReport(rows: try await usage.days(filter), filter: filter)
    }

    /// The translation of the request's body.
    func translate(_ request: Request) async throws -> Response {
        let principal = try await access.authenticate(request)
        let body = Data(try await request.body.collect(upTo: configuration.maximumBodySize).readableBytesView)
        let translation: MigrationTranslation
        do {
            translation = try MigrationTranslation.translate(
                body: body,
                templates: templates?.current(),
                user: principal.displayUser,
                options: configuration.translation,
                clusterBaseURL: signals.baseURL(host: request.head.authority)
            )
        } catch {
            switch error {
            case .submit(let error): throw LegacyErrorResponse(error: error)
            case .manifest(let status, let body): return JSONResponse.make(encoded: body.compactData, status: .init(code: status))
            }
        }
        let yaml = request.uri.queryParameters["output"] == "yaml" || (request.headers[.accept]?.contains("yaml") ?? false)
        guard yaml else { return try JSONResponse.make(translation) }
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        return Response(
            status: .ok,
            headers: [.contentType: "application/yaml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: try encoder.encode(translation)))
        )
    }

    /// Adds the routes to `router`.
    func addRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/api/v1/migration/usage") { request, _ in
            try JSONResponse.make(try await report(request))
        }
        router.post("/api/v1/migration/translate") { request, _ in
            try await translate(request)
        }
        router.get("/migration") { request, _ in
            let report = try await report(request)
            let html = MigrationPage(report: report, replacements: await replacements(report)).render()
            return Response(
                status: .ok,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: html))
            )
        }
        router.get("/migration/openapi.yaml") { _, _ in
            guard let document = EmbeddedOpenAPI.files.first(where: { $0.name == "migration.yaml" })?.contents else {
                throw HTTPError(.notFound, message: "no migration OpenAPI document is embedded in this build")
            }
            return Response(
                status: .ok,
                headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: document))
            )
        }
    }

    /// What each client's latest call becomes, with the object of its last submit from its record.
    func replacements(_ report: UsageReport) async -> [UsageReplacement] {
        var replacements: [UsageReplacement] = []
        for client in report.clients {
            var object: String?
            var recorded: String?
            if let job = client.lastJob, let project = job.project,
                let workload = try? await workloads?.find(project: project, name: job.name),
                let pushed = try? JSONDecoder().decode(InferenceWorkload.self, from: Data(workload.desiredObject.utf8))
            {
                object = MigrationTranslation.yaml(pushed)
                recorded = workload.namespace
            }
            let replacement = UsageReplacement.latest(
                of: client,
                in: report,
                groupVersion: configuration.translation.apiVersion.rawValue,
                namespace: { recorded ?? configuration.translation.namespace(for: $0) },
                object: object
            )
            if let replacement { replacements.append(replacement) }
        }
        return replacements
    }
}
