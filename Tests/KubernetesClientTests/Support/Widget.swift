import Foundation
import GatewayTestSupport
import KubernetesClient
import Logging

/// A small custom resource for the tests: `widgets.example.com/v1`.
struct Widget: Codable, Sendable, Equatable {
    struct Metadata: Codable, Sendable, Equatable {
        var name: String
        var namespace: String?
        var resourceVersion: String?
        var uid: String?
        var labels: [String: String]?
    }
    struct Spec: Codable, Sendable, Equatable {
        var size: Int
        var color: String?
    }
    struct Status: Codable, Sendable, Equatable {
        var phase: String?
    }

    var apiVersion = "example.com/v1"
    var kind = "Widget"
    var metadata: Metadata
    var spec: Spec?
    var status: Status?

    init(name: String, size: Int, labels: [String: String]? = nil) {
        metadata = Metadata(name: name, labels: labels)
        spec = Spec(size: size)
    }

    static let resource = KubernetesResource(group: "example.com", version: "v1", plural: "widgets")
}

extension CurlKubernetesClient {
    /// A client for a plain-HTTP loopback server.
    static func loopback(
        port: Int,
        token: String? = nil,
        logger: Logger = .quiet,
        adjust: (inout KubernetesClientConfiguration) -> Void = { _ in }
    ) throws -> CurlKubernetesClient {
        var configuration = KubernetesClientConfiguration.server(url: "http://127.0.0.1:\(port)", token: token)
        configuration.retry.initialBackoff = .milliseconds(20)
        adjust(&configuration)
        return try CurlKubernetesClient(configuration: configuration, logger: logger)
    }
}

/// Runs `body` and returns the ``KubernetesError`` it throws; fails the test if it throws none.
func kubernetesError(_ body: () async throws -> Void) async -> KubernetesError? {
    do {
        try await body()
        return nil
    } catch let error as KubernetesError {
        return error
    } catch {
        return KubernetesError(.unexpectedResponse, "not a KubernetesError: \(error)")
    }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
