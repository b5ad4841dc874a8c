import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import Logging

/// The embedded Kubernetes API: discovery, OpenAPI, and `inferenceworkloads.run.ai` over a
/// ``ClusterStore``, mounted on the gateway's router.
///
/// It serves what `kubectl` and the Python `kubernetes` client need (see the README):
/// `/version`, `/api`, `/apis` (legacy or aggregated discovery, negotiated on `Accept`),
/// `/apis/run.ai/{v2alpha1,v1alpha1}`, `/openapi/v3`, `/api/v1/namespaces/{ns}`, and the
/// namespaced and cluster-wide `inferenceworkloads` paths with `status`, patches and watch.
/// Every answer is `application/json`; every error a `metav1.Status`.
///
/// ```swift
/// let api = EmbeddedClusterAPI(store: ClusterStore(database: database))
/// api.addRoutes(to: router)
/// ```
public struct EmbeddedClusterAPI: Sendable {
    /// Limits of the embedded API.
    public struct Configuration: Sendable {
        /// The largest request body accepted (the API server's limit is 3 MiB).
        public var maximumBodySize: Int
        /// How long a watch without `timeoutSeconds` stays open.
        public var defaultWatchTimeout: Duration
        /// How often a watch with `allowWatchBookmarks=true` receives a bookmark.
        public var bookmarkInterval: Duration

        /// Creates limits.
        public init(
            maximumBodySize: Int = 3 * 1024 * 1024,
            defaultWatchTimeout: Duration = .seconds(1800),
            bookmarkInterval: Duration = .seconds(60)
        ) {
            self.maximumBodySize = maximumBodySize
            self.defaultWatchTimeout = defaultWatchTimeout
            self.bookmarkInterval = bookmarkInterval
        }
    }

    /// The objects.
    public let store: ClusterStore
    /// Who may do what.
    public let access: KubeAccess
    /// Limits.
    public let configuration: Configuration

    /// Creates the API over a store.
    ///
    /// - Parameters:
    ///   - store: the store shared with the simulated controller.
    ///   - access: the gateway's access check; ``KubeAccess/allowAll`` without authentication.
    ///   - configuration: limits.
    public init(store: ClusterStore, access: KubeAccess = .allowAll, configuration: Configuration = Configuration()) {
        self.store = store
        self.access = access
        self.configuration = configuration
    }

    /// The methods the embedded API registers on its paths; the others are left to the router.
    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    /// Mounts the embedded API on `router`: `/version`, `/api`, `/apis/**`, `/openapi/**` and
    /// `/api/v1/namespaces/**`. Other `/api/v1/…` paths (the legacy API) are left alone.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        for path: RouterPath in [
            "version", "api", "apis", "apis/**", "openapi", "openapi/**", "api/v1/namespaces", "api/v1/namespaces/**",
        ] {
            for method in Self.methods {
                router.on(path, method: method) { request, context in
                    try await respond(to: request, context: context)
                }
            }
        }
    }

    /// Answers one request of the embedded API; every failure becomes a `Status`.
    func respond(to request: Request, context: some RequestContext) async throws -> Response {
        do {
            return try await route(request, context: context)
        } catch let status as KubeStatusError {
            return KubeResponse.json(status.statusObject, status: status.status)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            let status = KubeStatusError.requestEntityTooLarge(limit: configuration.maximumBodySize)
            return KubeResponse.json(status.statusObject, status: status.status)
        } catch {
            context.logger.error("embedded cluster request failed", metadata: ["gateway.error": "\(String(reflecting: error))"])
            let status = KubeStatusError.internalError("the request could not be completed")
            return KubeResponse.json(status.statusObject, status: status.status)
        }
    }

    private func route(_ request: Request, context: some RequestContext) async throws -> Response {
        let endpoint = KubeEndpoint(path: request.uri.path)
        guard endpoint != .unknown else { throw KubeStatusError.routeNotFound() }
        guard endpoint.allowedMethods.contains(request.method) else { throw KubeStatusError.methodNotAllowed() }
        let query = KubeQuery(request.uri.queryParameters)
        let accept = request.headers[.accept]
        let authority = try await authorize(request, endpoint: endpoint, query: query)

        switch endpoint {
        case .version:
            return KubeResponse.json(KubeDiscovery.version)
        case .coreVersions:
            let format = DiscoveryFormat.negotiate(accept: accept)
            return Self.discovery(KubeDiscovery.coreVersions(format), format: format)
        case .groups:
            let format = DiscoveryFormat.negotiate(accept: accept)
            return Self.discovery(KubeDiscovery.groups(format), format: format)
        case .group:
            return KubeResponse.json(KubeDiscovery.groupDocument)
        case .resources(let version):
            return KubeResponse.json(KubeDiscovery.resources(version: version))
        case .openAPIIndex:
            return KubeResponse.json(KubeOpenAPI.index)
        case .openAPIDocument(let version):
            return KubeResponse.json(KubeOpenAPI.document(version: version))
        case .namespace(let name):
            return KubeResponse.json(Self.namespace(name))
        case .collection(let version, let namespace):
            if request.method == .post, let namespace {
                return try await create(
                    request,
                    context: context,
                    version: version,
                    namespace: namespace,
                    query: query,
                    authority: authority
                )
            }
            if try query.bool("watch") == true {
                return try await watch(version: version, namespace: namespace, query: query, accept: accept, context: context)
            }
            return try await list(version: version, namespace: namespace, query: query, accept: accept)
        case .object(let version, let namespace, let name):
            if request.method == .get, try query.bool("watch") == true {
                // A watch of one object is a watch of the collection narrowed to its name.
                var narrowed = query
                let byName = "metadata.name=\(name)"
                narrowed.values["fieldSelector"] = query.string("fieldSelector").map { "\($0),\(byName)" } ?? byName
                return try await watch(version: version, namespace: namespace, query: narrowed, accept: accept, context: context)
            }
            let target = ObjectTarget(version: version, namespace: namespace, name: name, subresource: .main)
            return try await object(request, context: context, target: target, query: query, accept: accept, authority: authority)
        case .status(let version, let namespace, let name):
            let target = ObjectTarget(version: version, namespace: namespace, name: name, subresource: .status)
            return try await object(request, context: context, target: target, query: query, accept: accept, authority: authority)
        case .unknown:
            throw KubeStatusError.routeNotFound()
        }
    }

    /// Runs the access check for the verb the request amounts to. `/version` is public, as the
    /// API server's default roles make it (`system:public-info-viewer`).
    /// - Returns: the authority of the request's writes.
    private func authorize(_ request: Request, endpoint: KubeEndpoint, query: KubeQuery) async throws -> WriteAuthority {
        guard endpoint != .version else { return .restricted }
        let token = request.headers[.authorization].flatMap(Self.bearerToken)
        let verb: String
        var namespace: String?
        var isDiscovery = false
        switch endpoint {
        case .collection(_, let ns):
            namespace = ns
            verb = request.method == .post ? "create" : (try query.bool("watch") == true ? "watch" : "list")
        case .object(_, let ns, _), .status(_, let ns, _):
            namespace = ns
            switch request.method {
            case .get where try query.bool("watch") == true: verb = "watch"
            case .put: verb = "update"
            case .patch: verb = "patch"
            case .delete: verb = "delete"
            default: verb = "get"
            }
        case .namespace(let name):
            namespace = name
            verb = "get"
            isDiscovery = true
        default:
            verb = "get"
            isDiscovery = true
        }
        return try await access.authorize(
            KubeAccessRequest(bearerToken: token, verb: verb, namespace: namespace, isDiscovery: isDiscovery)
        )
    }

    /// The token of an `Authorization: Bearer <token>` header.
    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// A discovery answer whose `Content-Type` names the negotiated format.
    private static func discovery(_ document: JSONValue, format: DiscoveryFormat) -> Response {
        var response = KubeResponse.json(document, contentType: format.contentType)
        response.headers[.vary] = "Accept"
        return response
    }

    /// `GET /api/v1/namespaces/{name}`: every namespace exists and is active.
    static func namespace(_ name: String) -> JSONValue {
        [
            "kind": "Namespace",
            "apiVersion": "v1",
            "metadata": ["name": .string(name), "labels": ["kubernetes.io/metadata.name": .string(name)]],
            "spec": ["finalizers": ["kubernetes"]],
            "status": ["phase": "Active"],
        ]
    }
}
