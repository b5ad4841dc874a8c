import Foundation
import Logging

/// The Kubernetes client over libcurl.
///
/// ```swift
/// let client = try CurlKubernetesClient(configuration: .kubeconfig(), logger: logger)
/// let workloads = KubernetesResource(group: "run.ai", version: "v2alpha1", plural: "inferenceworkloads")
/// let page = try await client.list(workloads, namespace: client.defaultNamespace, options: ListOptions(limit: 100))
/// ```
///
/// All transfers run on one dedicated thread (libcurl's multi interface), which reuses connections
/// and multiplexes HTTP/2. The client logs requests at `debug` (method, path, status, attempt,
/// duration) and retries at `info`; never headers, tokens, keys or bodies. Call ``shutdown()`` (or
/// drop the client) to end open transfers and the thread.
public final class CurlKubernetesClient: KubernetesAPI {
    /// The configuration the client was made with.
    public let configuration: KubernetesClientConfiguration
    let logger: Logger
    let loop: CurlMultiLoop
    let limiter: RateLimiter
    let credentials: CredentialProvider
    let endpoint: KubernetesEndpoint
    let retryPlanner: RetryPlanner

    /// Creates a client. It connects lazily, on the first request.
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` for a server URL that is not http(s).
    public init(configuration: KubernetesClientConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        self.endpoint = try KubernetesEndpoint(server: configuration.server, tlsServerName: configuration.tls.serverName)
        self.loop = try CurlMultiLoop(name: "kubernetes-client")
        self.limiter = RateLimiter(configuration.rateLimit)
        self.credentials = CredentialProvider(
            credentials: configuration.credentials,
            certificate: configuration.tls.clientCertificate,
            logger: logger
        )
        self.retryPlanner = RetryPlanner(policy: configuration.retry)
    }

    deinit { loop.shutdown() }

    /// Ends every open transfer (watches finish, requests fail with ``KubernetesError/Code/cancelled``)
    /// and stops the transfer thread. Later calls fail.
    public func shutdown() { loop.shutdown() }

    /// The namespace of the configured context.
    public var defaultNamespace: String { configuration.namespace }

    /// `GET` one object or subresource. See ``KubernetesAPI/get(_:namespace:name:subresource:)``.
    public func get(_ resource: KubernetesResource, namespace: String?, name: String, subresource: String?) async throws -> Data {
        let path = try objectPath(resource, namespace: namespace, name: name, subresource: subresource)
        return try await send(KubernetesRequest(method: "GET", path: path, idempotent: true)).body
    }

    /// `GET` a collection, with selectors and paging. See ``KubernetesAPI/list(_:namespace:options:)``.
    public func list(_ resource: KubernetesResource, namespace: String?, options: ListOptions) async throws -> Data {
        var query: [(name: String, value: String)] = []
        query.append("labelSelector", options.labelSelector)
        query.append("fieldSelector", options.fieldSelector)
        query.append("limit", options.limit.map(String.init))
        query.append("continue", options.continueToken)
        query.append("resourceVersion", options.resourceVersion)
        let request = KubernetesRequest(method: "GET", path: resource.path(namespace: namespace), query: query, idempotent: true)
        return try await send(request).body
    }

    /// `POST` an object; not retried after a 5xx without `Retry-After`. See ``KubernetesAPI/create(_:namespace:body:options:)``.
    public func create(_ resource: KubernetesResource, namespace: String?, body: Data, options: WriteOptions) async throws -> Data {
        let path = try collectionPath(resource, namespace: namespace)
        let request = KubernetesRequest(
            method: "POST",
            path: path,
            query: options.query,
            body: body,
            contentType: "application/json",
            idempotent: false
        )
        return try await send(request).body
    }

    /// `PUT` an object or subresource. See ``KubernetesAPI/replace(_:namespace:name:subresource:body:options:)``.
    public func replace(
        _ resource: KubernetesResource,
        namespace: String?,
        name: String,
        subresource: String?,
        body: Data,
        options: WriteOptions
    ) async throws -> Data {
        let path = try objectPath(resource, namespace: namespace, name: name, subresource: subresource)
        let request = KubernetesRequest(
            method: "PUT",
            path: path,
            query: options.query,
            body: body,
            contentType: "application/json",
            idempotent: true
        )
        return try await send(request).body
    }

    /// `PATCH` with a merge, JSON or apply patch. See ``KubernetesAPI/patch(_:namespace:name:subresource:patch:options:)``.
    public func patch(
        _ resource: KubernetesResource,
        namespace: String?,
        name: String,
        subresource: String?,
        patch: KubernetesPatch,
        options: WriteOptions
    ) async throws -> Data {
        let path = try objectPath(resource, namespace: namespace, name: name, subresource: subresource)
        var query = options.query
        var idempotent = true
        switch patch {
        case .apply(_, let force):
            guard options.fieldManager?.isEmpty == false else {
                throw KubernetesError(.invalidRequest, "server-side apply needs a fieldManager")
            }
            if force { query.append(("force", "true")) }
        case .json:
            idempotent = false
        case .merge:
            break
        }
        let request = KubernetesRequest(
            method: "PATCH",
            path: path,
            query: query,
            body: patch.body,
            contentType: patch.contentType,
            idempotent: idempotent
        )
        return try await send(request).body
    }

    /// `DELETE` with `DeleteOptions` as the body. See ``KubernetesAPI/delete(_:namespace:name:options:)``.
    public func delete(_ resource: KubernetesResource, namespace: String?, name: String, options: DeleteOptions) async throws -> Data {
        let path = try objectPath(resource, namespace: namespace, name: name, subresource: nil)
        let request = KubernetesRequest(
            method: "DELETE",
            path: path,
            query: options.dryRun ? [("dryRun", "All")] : [],
            body: try options.body(),
            contentType: "application/json",
            idempotent: true
        )
        return try await send(request).body
    }

    /// Opens a watch; HTTP errors (403, 410, …) are thrown here. See ``KubernetesAPI/watch(_:namespace:options:)``.
    public func watch(_ resource: KubernetesResource, namespace: String?, options: WatchOptions) async throws -> WatchStream<Data> {
        let session = WatchSession(client: self, resource: resource, namespace: namespace, options: options)
        try await session.start()
        return WatchStream(session: session)
    }

    /// The request of one watch connection from a resource version.
    func watchRequest(
        _ resource: KubernetesResource,
        namespace: String?,
        options: WatchOptions,
        resourceVersion: String?
    ) -> KubernetesRequest {
        var query: [(name: String, value: String)] = [("watch", "true")]
        query.append("resourceVersion", resourceVersion)
        if options.allowBookmarks { query.append(("allowWatchBookmarks", "true")) }
        query.append("labelSelector", options.labelSelector)
        query.append("fieldSelector", options.fieldSelector)
        query.append("timeoutSeconds", options.timeoutSeconds.map(String.init))
        return KubernetesRequest(method: "GET", path: resource.path(namespace: namespace), query: query, idempotent: true)
    }

    private func collectionPath(_ resource: KubernetesResource, namespace: String?) throws -> String {
        if resource.namespaced, namespace?.isEmpty ?? true {
            throw KubernetesError(.invalidRequest, "\(resource) is namespaced: a namespace is required")
        }
        return resource.path(namespace: namespace)
    }

    private func objectPath(_ resource: KubernetesResource, namespace: String?, name: String, subresource: String?) throws -> String {
        guard !name.isEmpty else { throw KubernetesError(.invalidRequest, "an object name is required") }
        _ = try collectionPath(resource, namespace: namespace)
        return resource.path(namespace: namespace, name: name, subresource: subresource)
    }
}

extension WriteOptions {
    /// `fieldManager`, `dryRun` and `fieldValidation` as query parameters.
    var query: [(name: String, value: String)] {
        var query: [(name: String, value: String)] = []
        query.append("fieldManager", fieldManager)
        if dryRun { query.append(("dryRun", "All")) }
        query.append("fieldValidation", fieldValidation)
        return query
    }
}

extension DeleteOptions {
    private struct Body: Encodable {
        struct Preconditions: Encodable {
            var resourceVersion: String?
            var uid: String?
        }
        var kind = "DeleteOptions"
        var apiVersion = "v1"
        var propagationPolicy: String?
        var gracePeriodSeconds: Int?
        var preconditions: Preconditions?
    }

    /// The `DeleteOptions` body, or `nil` when there is nothing to say.
    func body() throws -> Data? {
        guard propagationPolicy != nil || gracePeriodSeconds != nil || resourceVersion != nil || uid != nil else { return nil }
        let preconditions = resourceVersion != nil || uid != nil ? Body.Preconditions(resourceVersion: resourceVersion, uid: uid) : nil
        return try JSONEncoder().encode(
            Body(propagationPolicy: propagationPolicy?.rawValue, gracePeriodSeconds: gracePeriodSeconds, preconditions: preconditions)
        )
    }
}

extension Array where Element == (name: String, value: String) {
    /// Appends a parameter when it has a non-empty value.
    fileprivate mutating func append(_ name: String, _ value: String?) {
        if let value, !value.isEmpty { append((name, value)) }
    }
}
