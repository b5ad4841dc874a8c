import Foundation
import Logging

/// The Kubernetes client over libcurl.
///
/// ```swift
/// let client = try CurlKubernetesClient(configuration: .kubeconfig(), logger: logger)
/// let workloads = KubernetesResource(group: "run.ai", version: "v2alpha1", plural: "inferenceworkloads")
/// let page = try await client.list(workloads, namespace: client.defaultNamespace, options: ListOptions(limit: 100))
/// ```
public final class CurlKubernetesClient: KubernetesAPI {
    /// The configuration the client was made with.
    public let configuration: KubernetesClientConfiguration
    private let logger: Logger

    /// Creates a client. It connects lazily, on the first request.
    public init(configuration: KubernetesClientConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
    }

    public var defaultNamespace: String { configuration.namespace }

    public func get(_ resource: KubernetesResource, namespace: String?, name: String, subresource: String?) async throws -> Data {
        throw KubernetesError(.invalidRequest, "not implemented yet")
    }

    public func list(_ resource: KubernetesResource, namespace: String?, options: ListOptions) async throws -> Data {
        throw KubernetesError(.invalidRequest, "not implemented yet")
    }

    public func create(_ resource: KubernetesResource, namespace: String?, body: Data, options: WriteOptions) async throws -> Data {
        throw KubernetesError(.invalidRequest, "not implemented yet")
    }

    public func replace(
        _ resource: KubernetesResource, namespace: String?, name: String, subresource: String?, body: Data,
        options: WriteOptions
    ) async throws -> Data {
        throw KubernetesError(.invalidRequest, "not implemented yet")
    }

    public func patch(
        _ resource: KubernetesResource, namespace: String?, name: String, subresource: String?,
        patch: KubernetesPatch, options: WriteOptions
    ) async throws -> Data {
        throw KubernetesError(.invalidRequest, "not implemented yet")
    }

    public func delete(_ resource: KubernetesResource, namespace: String?, name: String, options: DeleteOptions) async throws -> Data {
        throw KubernetesError(.invalidRequest, "not implemented yet")
    }

    public func watch(_ resource: KubernetesResource, namespace: String?, options: WatchOptions) async throws -> WatchStream<Data> {
        throw KubernetesError(.invalidRequest, "not implemented yet")
    }
}
