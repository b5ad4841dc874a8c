import EmbeddedCluster
import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import NIOCore

/// The gateway's Kubernetes API in front of a real cluster (`--cluster kubeconfig|in-cluster`):
/// the legacy `Deployment`s on `runai-scheduler` and their `Service`s are served from the
/// gateway's records (``EmbeddedClusterMount`` with only those two kinds, which submits them as
/// workloads and pushes their `InferenceWorkload`s with the gateway's own credentials); every other
/// Kubernetes request is passed through to the cluster with the caller's own credentials
/// (``ClusterPassThrough``).
///
/// Which requests on `deployments` and `services` are the gateway's:
/// - a create (`POST`) of a Deployment whose pods run on `runai-scheduler`, or of a Service that
///   pairs with a Deployment the gateway holds (same name, or a selector matching its pods);
/// - a read, replace, patch, delete or subresource of an object the gateway holds, and a replace or
///   server-side apply of an object it does not hold whose body is one of the above;
/// - a list or watch narrowed to the name of an object it holds (`fieldSelector=metadata.name=…`,
///   as `kubectl rollout status` sends it).
///
/// Everything else goes to the cluster unchanged: a Deployment on another scheduler, lists and
/// watches of whole collections (which then show the cluster's objects, not the gateway's),
/// discovery and OpenAPI (the cluster's own, which describe these kinds too), and every other path.
struct KubernetesFront: Sendable {
    /// The legacy kinds over the gateway's records.
    let local: EmbeddedClusterMount
    /// The way to the cluster.
    let passThrough: ClusterPassThrough

    /// The paths mounted: every Kubernetes root, and the core `v1` resources by name (the legacy
    /// REST API owns the other `/api/v1/…` paths).
    static let corePlurals = [
        "namespaces", "pods", "services", "configmaps", "secrets", "events", "endpoints", "nodes", "serviceaccounts",
        "persistentvolumes", "persistentvolumeclaims", "limitranges", "resourcequotas", "replicationcontrollers",
        "podtemplates", "componentstatuses", "bindings",
    ]

    /// Mounts the front on `router`.
    func addRoutes(to router: Router<GatewayRequestContext>) {
        let localRouter = Router(context: GatewayRequestContext.self)
        local.addRoutes(to: localRouter)
        let responder = localRouter.buildResponder()
        var paths = ["version", "api", "api/v1", "apis", "apis/**", "openapi", "openapi/**"]
        for plural in Self.corePlurals { paths += ["api/v1/\(plural)", "api/v1/\(plural)/**"] }
        for path in paths {
            for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
                router.on(RouterPath(stringLiteral: path), method: method) { request, context in
                    try await respond(to: request, context: context, local: responder)
                }
            }
        }
    }

    private func respond(
        to request: Request,
        context: GatewayRequestContext,
        local responder: some HTTPResponder<GatewayRequestContext>
    ) async throws -> Response {
        guard let target = LegacyKindPath(path: request.uri.path) else { return await passThrough.relay(request, body: nil) }
        var body: ByteBuffer?
        if request.method == .post || request.method == .put || request.method == .patch {
            do {
                body = try await request.body.collect(upTo: passThrough.maximumBodySize)
            } catch {
                return ClusterPassThrough.status(
                    KubeStatusError(
                        code: 413,
                        reason: "RequestEntityTooLarge",
                        message: "the request body is larger than the \(passThrough.maximumBodySize) bytes the gateway accepts"
                    )
                )
            }
        }
        if try await isGateways(target, request: request, body: body) {
            var forwarded = request
            if let body { forwarded.body = RequestBody(buffer: body) }
            return try await responder.respond(to: forwarded, context: context)
        }
        if request.method == .get, target.name == nil, !ClusterPassThrough.isStream(query: Self.query(of: request)) {
            return try await mergedList(request, context: context, local: responder)
        }
        return await passThrough.relay(request, body: body)
    }

    private static func query(of request: Request) -> [(name: String, value: String)] {
        request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
    }

    /// Whether the request is on an object of the gateway's (see the type's documentation).
    private func isGateways(_ target: LegacyKindPath, request: Request, body: ByteBuffer?) async throws -> Bool {
        guard let namespace = target.namespace else { return false }
        let manifest = body.flatMap { try? JSONValue(parsing: $0.readableBytesView) }
        if let name = target.name {
            if try await holds(target.kind, namespace: namespace, name: name) { return true }
            let creates =
                request.method == .put || (request.method == .patch && request.headers[.contentType]?.hasPrefix("application/apply-patch") == true)
            guard creates, target.subresource == nil, let manifest else { return false }
            return try await belongs(manifest, kind: target.kind, namespace: namespace, request: request)
        }
        switch request.method {
        case .post:
            guard let manifest else { return false }
            return try await belongs(manifest, kind: target.kind, namespace: namespace, request: request)
        case .get:
            let selector = request.uri.queryParameters.get("fieldSelector")
            guard let name = LegacyKindPath.selectedName(fieldSelector: selector) else { return false }
            return try await holds(target.kind, namespace: namespace, name: name)
        default:
            return false
        }
    }

    private func belongs(_ manifest: JSONValue, kind: LegacyKindPath.Kind, namespace: String, request: Request) async throws -> Bool {
        switch kind {
        case .deployments:
            return LegacyKindPath.isGatewayDeployment(manifest)
        case .services:
            guard let service = try? LegacyService(json: manifest, namespace: namespace) else { return false }
            let deployments = try await local.store.list(kind: .deployments, namespace: namespace).items
            if deployments.contains(where: { LegacyKindPath.isGatewayDeployment($0) && service.matches(deploymentJSON: $0, namespace: namespace) }) {
                return true
            }
            // Applied before its Deployment: a project's Service with a selector is the gateway's,
            // unless the cluster holds a Deployment of that name on another scheduler.
            guard LegacyKindPath.isProjectService(manifest, namespace: namespace),
                let name = manifest[path: ["metadata", "name"]]?.stringValue
            else { return false }
            return await !clusterHoldsPlainDeployment(namespace: namespace, name: name, caller: request)
        }
    }

    private func holds(_ kind: LegacyKindPath.Kind, namespace: String, name: String) async throws -> Bool {
        do {
            _ = try await local.store.get(kind: kind == .deployments ? .deployments : .services, namespace: namespace, name: name)
            return true
        } catch let error where error.code == 404 {
            return false
        }
    }

    /// Whether the cluster answers, to the caller's own credentials, a Deployment `namespace/name`
    /// that does not run on `runai-scheduler`.
    private func clusterHoldsPlainDeployment(namespace: String, name: String, caller: Request) async -> Bool {
        var head = caller.head
        head.method = .get
        head.path = "/apis/apps/v1/namespaces/\(namespace)/deployments/\(name)"
        head.headerFields[.contentType] = nil
        let answer = await passThrough.relay(Request(head: head, body: RequestBody(buffer: ByteBuffer())), body: nil)
        guard answer.status == .ok, let body = try? await Self.collect(answer),
            let object = try? JSONValue(parsing: body.readableBytesView)
        else { return false }
        return !LegacyKindPath.isGatewayDeployment(object)
    }
}
