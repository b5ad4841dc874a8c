import Foundation
import GatewayCore
import GatewayPersistence
import Hummingbird

/// The legacy Researcher REST API: its routes at the root and under `/researcher`, and the
/// middleware every legacy call passes through.
///
/// Around every legacy route (and every unknown legacy path), outermost first: the request id,
/// the deprecation headers, the audit log, the legacy error body, authentication, the body limit, the brownouts.
///
/// Built by ``buildApplication(configuration:database:logger:)`` from the pieces it created once;
/// it opens nothing itself.
struct LegacyAPI: Sendable {
    /// The legacy API's settings (body limit, translation).
    let configuration: LegacyAPIConfiguration
    /// Who may call, and where: shared with the embedded Kubernetes API.
    let accessControl: LegacyAccessControl
    /// The audit log writer, a service of the application.
    let audit: AuditTrail
    let catalog: ProjectCatalog
    let signals: DeprecationSignals
    /// The templates file's job templates, when one is configured.
    let templates: TemplateStore?
    /// The workload records the polls read.
    let workloads: any WorkloadRepository
    /// Encoded poll answers, reused while no workload changed.
    let pollCache: PollCache
    /// The submit use case.
    let submission: SubmitWorkload
    /// The delete use case.
    let deletion: DeleteWorkload
    /// Counts every legacy call by endpoint and client; `nil` counts nothing.
    var deprecatedCalls: DeprecatedCallMetrics? = nil
    /// The brownouts file's windows; `nil` browns nothing out.
    var brownouts: Brownouts? = nil
    /// Counts brownout answers; `nil` counts nothing.
    var brownoutAnswers: BrownoutMetrics? = nil

    /// Adds the middleware and the legacy routes (and `GET /openapi.yaml`) to `router`.
    func addRoutes(to router: Router<GatewayRequestContext>) {
        router.add(middleware: RequestIDMiddleware())
        router.add(
            middleware: LegacyOnlyMiddleware {
                DeprecationHeadersMiddleware(signals: signals)
                DeprecatedCallsMiddleware(calls: deprecatedCalls)
                AuditMiddleware(trail: audit)
                LegacyErrorMiddleware()
                LegacyAuthMiddleware(accessControl: accessControl)
                BodyLimitMiddleware(limit: configuration.maximumBodySize)
                BrownoutMiddleware(
                    brownouts: brownouts,
                    signals: signals,
                    catalog: catalog,
                    options: configuration.translation,
                    metrics: brownoutAnswers
                )
            }
        )

        let submit = LegacySubmitController(
            submission: submission,
            options: configuration.translation,
            maximumBodySize: configuration.maximumBodySize,
            templates: templates
        )
        let query = LegacyJobQueryController(workloads: workloads, catalog: catalog, cache: pollCache)
        let delete = LegacyDeleteController(deletion: deletion, catalog: catalog, maximumBodySize: configuration.maximumBodySize)
        let info = LegacyInfoController(catalog: catalog)
        router.addLegacyRoutes([submit.endpoints, query.endpoints, delete.endpoints, info.endpoints])
        OpenAPIController().addRoutes(to: router)
    }
}
