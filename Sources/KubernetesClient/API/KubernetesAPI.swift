import Foundation

/// The Kubernetes REST operations the gateway needs, generic over resources, with objects as raw JSON.
///
/// ``CurlKubernetesClient`` talks to a real API server; tests of other layers may implement this
/// protocol with an in-process fake. Typed variants over `Codable` objects are in
/// `KubernetesAPI+Codable.swift`.
///
/// For namespaced resources pass a namespace (``defaultNamespace`` is the configured one); `nil`
/// addresses cluster-scoped resources, or, for ``list(_:namespace:options:)`` and
/// ``watch(_:namespace:options:)``, all namespaces.
///
/// Every failure is a ``KubernetesError``.
public protocol KubernetesAPI: Sendable {
    /// The namespace of the configured context (`default` when none is set).
    var defaultNamespace: String { get }

    /// Reads one object, or one of its subresources (e.g. `status`).
    /// - Returns: The object's JSON.
    func get(_ resource: KubernetesResource, namespace: String?, name: String, subresource: String?) async throws -> Data

    /// Lists a collection, one page at a time when ``ListOptions/limit`` is set.
    /// - Returns: The list's JSON (`items`, `metadata.resourceVersion`, `metadata.continue`).
    func list(_ resource: KubernetesResource, namespace: String?, options: ListOptions) async throws -> Data

    /// Creates an object (`POST`).
    /// - Returns: The created object's JSON, with the server-set metadata.
    func create(_ resource: KubernetesResource, namespace: String?, body: Data, options: WriteOptions) async throws -> Data

    /// Replaces an object or a subresource (`PUT`). Put `metadata.resourceVersion` in the body for
    /// optimistic concurrency; a stale one fails with ``KubernetesError/Code/conflict``.
    /// - Returns: The stored object's JSON.
    func replace(
        _ resource: KubernetesResource,
        namespace: String?,
        name: String,
        subresource: String?,
        body: Data,
        options: WriteOptions
    ) async throws -> Data

    /// Patches an object or a subresource with a merge patch, a JSON patch or server-side apply.
    /// - Returns: The stored object's JSON.
    func patch(
        _ resource: KubernetesResource,
        namespace: String?,
        name: String,
        subresource: String?,
        patch: KubernetesPatch,
        options: WriteOptions
    ) async throws -> Data

    /// Deletes an object.
    /// - Returns: The answer's JSON: a `Status`, or the object when deletion waits for finalizers.
    func delete(_ resource: KubernetesResource, namespace: String?, name: String, options: DeleteOptions) async throws -> Data

    /// Watches a collection. The stream yields events as the server sends them, resumes from the last
    /// seen resource version when a connection ends (see ``WatchOptions/resumes``), and throws a
    /// ``KubernetesError`` with code ``KubernetesError/Code/expired`` when that version is too old:
    /// then list again and watch from the list's resource version.
    func watch(_ resource: KubernetesResource, namespace: String?, options: WatchOptions) async throws -> WatchStream<Data>
}
