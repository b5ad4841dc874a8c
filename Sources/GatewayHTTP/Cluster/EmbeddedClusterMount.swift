import EmbeddedCluster
import Foundation
import GatewayPersistence
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle

/// The embedded cluster inside the gateway: its Kubernetes API on the gateway's router and
/// port, its store in the gateway's SQLite file, and its background services.
///
/// With `--cluster embedded` (the default) it serves every kind of ``ResourceRegistry/gateway``
/// and runs the simulated controller. In front of a real cluster (``frontOfCluster``) it serves
/// only the legacy `Deployment`s and `Service`s from the gateway's records, behind a
/// ``KubernetesFront`` that passes everything else through to the cluster.
struct EmbeddedClusterMount: Sendable {
    /// The objects, shared by the API and the simulated controller.
    let store: ClusterStore
    /// The HTTP API.
    let api: EmbeddedClusterAPI
    /// The services to run with the application (the simulated controller).
    let services: [any Service]

    /// The embedded cluster over the gateway's database.
    ///
    /// It serves ``ResourceRegistry/gateway``: `InferenceWorkload`s and the legacy `Deployment`s and
    /// `Service`s, whose every answer carries the deprecation headers of the legacy REST API.
    ///
    /// - Parameters:
    ///   - configuration: the simulated controller's delay and failure share, and the watch history.
    ///   - access: who may call its API (``KubeAccess/gateway(_:internalToken:)``).
    ///   - deprecation: the legacy API's deprecation settings, for the answers on legacy kinds.
    ///   - legacy: the records and use cases legacy `Deployment`s are submitted through
    ///     (``LegacyKindsBridge``), with the composition root's one audit trail; without them the
    ///     legacy kinds are only stored.
    ///   - frontOfCluster: serve only `deployments` and `services`, without a simulated controller
    ///     (the `InferenceWorkload`s live in the real cluster).
    init(
        configuration: ClusterConfiguration,
        database: GatewayDatabase,
        access: KubeAccess,
        deprecation: LegacyAPIConfiguration.Deprecation = LegacyAPIConfiguration.Deprecation(),
        legacy: LegacyKindsBridge.Dependencies? = nil,
        frontOfCluster: Bool = false,
        logger: Logger
    ) {
        let store = ClusterStore(database: database, configuration: .init(eventHistoryLimit: configuration.eventHistory))
        self.store = store
        var kinds = ResourceRegistry.gateway
        var services: [any Service] = []
        if let legacy {
            let deploymentKind = ResourceKind.deployments
            let refresh: @Sendable (String, String) async -> Void
            if frontOfCluster {
                // The InferenceWorkloads live in the real cluster: the views follow the records.
                let follower = LegacyRecordFollower(
                    store: store,
                    deployments: deploymentKind,
                    workloads: legacy.workloads,
                    changes: database.changes,
                    logger: logger
                )
                refresh = { namespace, name in await follower.refresh(namespace: namespace, name: name) }
                services.append(follower)
            } else {
                let follower = LegacyStatusFollower(store: store, deployments: deploymentKind, workloads: legacy.workloads, logger: logger)
                refresh = { namespace, name in await follower.refresh(namespace: namespace, name: name) }
                services.append(follower)
            }
            kinds = LegacyKindsBridge(store: store, dependencies: legacy, refresh: refresh).registry
        }
        if frontOfCluster {
            kinds = ResourceRegistry(kinds.kinds.filter { $0.plural == "deployments" || $0.plural == "services" })
        }
        self.api = EmbeddedClusterAPI(
            store: store,
            kinds: kinds,
            access: access,
            configuration: .init(deprecationHeaders: Self.deprecationHeaders(deprecation))
        )
        let controller = SimulatedController(
            store: store,
            configuration: .init(startupDelay: configuration.controllerDelay, failureShare: configuration.controllerFailureShare),
            logger: logger
        )
        self.services = (frontOfCluster ? [] : [controller]) + services
    }

    /// Mounts the Kubernetes paths (`/version`, `/api`, `/apis/…`, `/openapi/…`, `/api/v1/namespaces/…`).
    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        api.addRoutes(to: router)
    }
}

extension EmbeddedClusterMount {
    /// `Deprecation`, `Sunset`, and the `Link`s to the documentation and to the successor, as the
    /// legacy REST answers carry them.
    static func deprecationHeaders(_ deprecation: LegacyAPIConfiguration.Deprecation) -> @Sendable (String) -> [HTTPField] {
        var fixed = [HTTPField(name: LegacyHeader.deprecation, value: "@\(Int64(deprecation.date.timeIntervalSince1970.rounded(.down)))")]
        if let sunset = deprecation.sunset {
            fixed.append(HTTPField(name: LegacyHeader.sunset, value: HTTPDate.format(sunset)))
        }
        fixed.append(HTTPField(name: LegacyHeader.link, value: "<\(deprecation.documentationURL)>; rel=\"deprecation\"; type=\"text/html\""))
        let base = deprecation.clusterBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? ""
        let fields = fixed
        return { successorPath in
            fields + [HTTPField(name: LegacyHeader.link, value: "<\(base)\(successorPath)>; rel=\"successor-version\"")]
        }
    }
}

extension KubeAccess {
    /// The gateway's auth mode applied to the embedded Kubernetes API.
    ///
    /// Without tokens everyone may do everything (the gateway then listens on 127.0.0.1 unless
    /// told otherwise). With tokens, every request needs a known bearer token (401 otherwise);
    /// discovery is open to every known token, objects only in the namespaces of the token's
    /// projects (403 otherwise), and cluster-wide lists and watches only to tokens for all projects.
    /// The labels the store reserves (the managed-by label) may be written by the gateway's own
    /// client (`internalToken`) and by tokens for all projects, never by a token confined to some.
    static func gateway(_ control: LegacyAccessControl, internalToken: String? = nil) -> KubeAccess {
        guard control.requiresToken else { return .allowAll }
        let internalDigest = internalToken.map { Array($0.utf8) }
        return KubeAccess { request in
            if let internalDigest, let token = request.bearerToken,
                TokenStore.constantTimeEqual(Array(token.utf8), internalDigest)
            {
                return .allowTrusted  // the gateway's own push path and status sync
            }
            guard let token = request.bearerToken,
                let principal = try? await control.principal(authorization: "Bearer \(token)", displayUser: nil)
            else { return .unauthenticated }
            let granted: KubeAccessDecision = principal.scope == .allProjects ? .allowTrusted : .allow
            if request.isDiscovery { return granted }
            guard let namespace = request.namespace else {
                return principal.scope == .allProjects ? granted : .forbidden(user: principal.user)
            }
            return await control.allows(principal, namespace: namespace) ? granted : .forbidden(user: principal.user)
        }
    }
}
