import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import Logging

/// The embedded Kubernetes API: discovery, OpenAPI, and the objects of its ``ResourceRegistry``
/// (`inferenceworkloads.run.ai`, and in the gateway the legacy `deployments.apps` and `services`)
/// over a ``ClusterStore``, mounted on the gateway's router.
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
        /// The headers (`Deprecation`, `Sunset`, `Link`) added to every answer on a kind with a
        /// ``ResourceKind/successor``, given the successor's path.
        public var deprecationHeaders: @Sendable (_ successorPath: String) -> [HTTPField]

        /// Creates limits.
        public init(
            maximumBodySize: Int = 3 * 1024 * 1024,
            defaultWatchTimeout: Duration = .seconds(1800),
            bookmarkInterval: Duration = .seconds(60),
            deprecationHeaders: @escaping @Sendable (_ successorPath: String) -> [HTTPField] = { _ in [] }
        ) {
            self.deprecationHeaders = deprecationHeaders
            self.maximumBodySize = maximumBodySize
            self.defaultWatchTimeout = defaultWatchTimeout
            self.bookmarkInterval = bookmarkInterval
        }
    }

    /// The objects.
    public let store: ClusterStore
    /// The kinds served.
    public let kinds: ResourceRegistry
    /// Who may do what.
    public let access: KubeAccess
    /// Limits.
    public let configuration: Configuration

    /// Creates the API over a store.
    ///
    /// - Parameters:
    ///   - store: the store shared with the simulated controller.
    ///   - kinds: the kinds served (``ResourceRegistry/gateway`` in the gateway).
    ///   - access: the gateway's access check; ``KubeAccess/allowAll`` without authentication.
    ///   - configuration: limits.
    public init(
        store: ClusterStore,
        kinds: ResourceRegistry = .inferenceWorkloadsOnly,
        access: KubeAccess = .allowAll,
        configuration: Configuration = Configuration()
    ) {
        self.store = store
        self.kinds = kinds
        self.access = access
        self.configuration = configuration
    }

    /// The methods the embedded API registers on its paths; the others are left to the router.
    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    /// Mounts the embedded API on `router`: `/version`, `/api`, `/apis/**`, `/openapi/**`,
    /// `/api/v1/namespaces/**`, and `/api/v1` and `/api/v1/{plural}` of the core kinds served.
    /// Other `/api/v1/…` paths (the legacy API) are left alone.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        var paths: [String] = ["version", "api", "apis", "apis/**", "openapi", "openapi/**", "api/v1/namespaces", "api/v1/namespaces/**"]
        for version in kinds.coreVersions {
            paths.append("api/\(version)")
            for kind in kinds.kinds(group: "", version: version) { paths.append("api/\(version)/\(kind.plural)") }
        }
        for path in paths.map({ RouterPath(stringLiteral: $0) }) {
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
        let endpoint = KubeEndpoint(path: request.uri.path, kinds: kinds)
        guard endpoint != .unknown else { throw KubeStatusError.routeNotFound() }
        guard endpoint.allowedMethods.contains(request.method) else { throw KubeStatusError.methodNotAllowed() }
        let query = KubeQuery(request.uri.queryParameters)
        let accept = request.headers[.accept]
        let authority = try await authorize(request, endpoint: endpoint, query: query)
        let discovery = KubeDiscovery(kinds: kinds)

        switch endpoint {
        case .version:
            return KubeResponse.json(KubeDiscovery.version)
        case .coreVersions:
            let format = DiscoveryFormat.negotiate(accept: accept)
            return Self.discovery(discovery.coreVersions(format), format: format)
        case .groups:
            let format = DiscoveryFormat.negotiate(accept: accept)
            return Self.discovery(discovery.groups(format), format: format)
        case .apiGroup(let group):
            return KubeResponse.json(discovery.groupDocument(group))
        case .resourceList(let group, let version):
            return KubeResponse.json(discovery.resources(group: group, version: version))
        case .openAPIIndex:
            return KubeResponse.json(KubeOpenAPI(kinds: kinds).index)
        case .openAPIGroupVersion(let group, let version):
            return KubeResponse.json(KubeOpenAPI(kinds: kinds).document(group: group, version: version))
        case .namespace(let name):
            return KubeResponse.json(Self.namespace(name))
        case .list(let target):
            var response = try await Self.answer {
                if request.method == .post, let namespace = target.namespace {
                    return try await create(request, context: context, target: target, namespace: namespace, query: query, authority: authority)
                } else if try query.bool("watch") == true {
                    return try await watch(target, query: query, accept: accept, context: context)
                }
                return try await list(target, query: query, accept: accept)
            }
            deprecate(&response, kind: target.kind, namespace: target.namespace, name: nil)
            return response
        case .item(let target):
            var response = try await Self.answer {
                if request.method == .get, target.subresource == .main, try query.bool("watch") == true {
                    // A watch of one object is a watch of the collection narrowed to its name.
                    var narrowed = query
                    let byName = "metadata.name=\(target.name)"
                    narrowed.values["fieldSelector"] = query.string("fieldSelector").map { "\($0),\(byName)" } ?? byName
                    let collection = CollectionTarget(kind: target.kind, version: target.version, namespace: target.namespace)
                    return try await watch(collection, query: narrowed, accept: accept, context: context)
                } else if target.subresource == .scale {
                    return try await scale(request, target: target, query: query, authority: authority)
                }
                return try await object(request, context: context, target: target, query: query, accept: accept, authority: authority)
            }
            deprecate(&response, kind: target.kind, namespace: target.namespace, name: target.name)
            return response
        case .unknown:
            throw KubeStatusError.routeNotFound()
        }
    }

    /// The response of `body`, or the `Status` of the ``KubeStatusError`` it throws (so that
    /// errors carry the kind's deprecation signals too).
    private static func answer(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let status as KubeStatusError {
            return KubeResponse.json(status.statusObject, status: status.status)
        }
    }

    /// Adds the deprecation signals of a kind that has a successor: the `Warning` kubectl prints
    /// and the headers ``Configuration/deprecationHeaders`` gives for the successor's path.
    private func deprecate(_ response: inout Response, kind: ResourceKind, namespace: String?, name: String?) {
        guard let successor = kind.successor else { return }
        let path = successor.path(namespace: namespace, name: name)
        response.headers.append(contentsOf: configuration.deprecationHeaders(path))
        let warning = "\(kind.apiVersion()) \(kind.kind) is deprecated; use \(successor.apiVersion) \(successor.kind) (\(path))"
        response.headers.append(HTTPField(name: .kubeWarning, value: KubeWarning.header(warning)))
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
        case .list(let target):
            namespace = target.namespace
            verb = request.method == .post ? "create" : (try query.bool("watch") == true ? "watch" : "list")
        case .item(let target):
            namespace = target.namespace
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
