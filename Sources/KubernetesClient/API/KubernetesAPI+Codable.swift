import Foundation

/// Typed variants of the ``KubernetesAPI`` operations over `Codable` objects, and defaults.
extension KubernetesAPI {
    /// Reads one object as a type.
    public func get<T: Decodable>(
        _ resource: KubernetesResource,
        namespace: String?,
        name: String,
        subresource: String? = nil,
        as type: T.Type
    ) async throws -> T {
        try KubernetesJSON.decode(T.self, from: try await get(resource, namespace: namespace, name: name, subresource: subresource))
    }

    /// Lists one page as a type.
    public func list<T: Decodable & Sendable>(
        _ resource: KubernetesResource,
        namespace: String?,
        options: ListOptions = ListOptions(),
        as type: T.Type
    ) async throws -> KubernetesList<T> {
        try KubernetesJSON.decode(KubernetesList<T>.self, from: try await list(resource, namespace: namespace, options: options))
    }

    /// Lists every page (following `continue` tokens) as a type.
    /// - Returns: All items, with the resource version of the first page (a consistent snapshot).
    /// - Throws: ``KubernetesError/Code/expired`` when a continue token expired: list again.
    public func listAll<T: Decodable & Sendable>(
        _ resource: KubernetesResource,
        namespace: String?,
        options: ListOptions = ListOptions(limit: 500),
        as type: T.Type
    ) async throws -> KubernetesList<T> {
        var options = options
        var page = try await list(resource, namespace: namespace, options: options, as: T.self)
        var all = page
        while let token = page.continueToken {
            options.continueToken = token
            page = try await list(resource, namespace: namespace, options: options, as: T.self)
            all.items += page.items
        }
        all.continueToken = nil
        all.remainingItemCount = nil
        return all
    }

    /// Creates an object from a value.
    public func create<T: Codable>(
        _ resource: KubernetesResource,
        namespace: String?,
        object: T,
        options: WriteOptions = WriteOptions()
    ) async throws -> T {
        let body = try JSONEncoder().encode(object)
        return try KubernetesJSON.decode(T.self, from: try await create(resource, namespace: namespace, body: body, options: options))
    }

    /// Replaces an object (or a subresource) with a value; its `metadata.resourceVersion` is the precondition.
    public func replace<T: Codable>(
        _ resource: KubernetesResource,
        namespace: String?,
        name: String,
        subresource: String? = nil,
        object: T,
        options: WriteOptions = WriteOptions()
    ) async throws -> T {
        let body = try JSONEncoder().encode(object)
        let data = try await replace(resource, namespace: namespace, name: name, subresource: subresource, body: body, options: options)
        return try KubernetesJSON.decode(T.self, from: data)
    }

    /// Patches an object (or a subresource) and decodes the result.
    public func patch<T: Decodable>(
        _ resource: KubernetesResource,
        namespace: String?,
        name: String,
        subresource: String? = nil,
        patch: KubernetesPatch,
        options: WriteOptions = WriteOptions(),
        as type: T.Type
    ) async throws -> T {
        let data = try await self.patch(
            resource,
            namespace: namespace,
            name: name,
            subresource: subresource,
            patch: patch,
            options: options
        )
        return try KubernetesJSON.decode(T.self, from: data)
    }

    /// Applies a value with server-side apply (`fieldManager` required) and decodes the result.
    public func apply<T: Codable>(
        _ resource: KubernetesResource,
        namespace: String?,
        name: String,
        object: T,
        fieldManager: String,
        force: Bool = false,
        subresource: String? = nil
    ) async throws -> T {
        let body = try JSONEncoder().encode(object)
        return try await patch(
            resource,
            namespace: namespace,
            name: name,
            subresource: subresource,
            patch: .apply(body, force: force),
            options: WriteOptions(fieldManager: fieldManager),
            as: T.self
        )
    }

    /// Deletes an object, ignoring the answer's body.
    public func delete(
        _ resource: KubernetesResource,
        namespace: String?,
        name: String,
        propagationPolicy: DeleteOptions.PropagationPolicy? = nil
    ) async throws {
        _ = try await delete(resource, namespace: namespace, name: name, options: DeleteOptions(propagationPolicy: propagationPolicy))
    }

    /// Watches a collection with typed objects; `BOOKMARK` events are left out (the stream resumes from them).
    public func watch<T: Decodable & Sendable>(
        _ resource: KubernetesResource,
        namespace: String?,
        options: WatchOptions = WatchOptions(),
        as type: T.Type
    ) async throws -> WatchStream<T> {
        try await watch(resource, namespace: namespace, options: options).decoded(as: T.self)
    }
}
