import GatewayCore
import KubernetesClient

/// Where an outbox entry goes: the resource, namespace and name read from its payload.
struct PushTarget: Sendable {
    var resource: KubernetesResource
    var namespace: String
    var name: String

    /// The `InferenceWorkload` resource of an API version such as `run.ai/v2alpha1`.
    static func inferenceWorkloads(apiVersion: String) -> KubernetesResource {
        let parts = apiVersion.split(separator: "/", maxSplits: 1)
        let version = parts.count == 2 ? String(parts[1]) : InferenceWorkload.Version.preferred.rawValue
        return KubernetesResource(group: InferenceWorkload.group, version: version, plural: InferenceWorkload.plural)
    }

    /// Reads the target of an entry: an object (`apply`) or a `{namespace, name[, apiVersion]}`
    /// reference (`delete`).
    init(_ entry: OutboxEntry) throws {
        let payload: JSONValue
        do {
            payload = try JSONValue(parsing: entry.payload)
        } catch {
            throw PushPayloadError(message: "outbox entry \(entry.id) has a payload that is not JSON: \(error)")
        }
        let metadata = payload["metadata"] ?? payload
        guard let namespace = metadata["namespace"]?.stringValue, let name = metadata["name"]?.stringValue else {
            throw PushPayloadError(message: "outbox entry \(entry.id) names no namespace and name")
        }
        self.resource = Self.inferenceWorkloads(apiVersion: payload["apiVersion"]?.stringValue ?? InferenceWorkload.Version.preferred.apiVersion)
        self.namespace = namespace
        self.name = name
    }
}

/// An outbox payload the relay cannot read; retrying cannot fix it.
struct PushPayloadError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A push error, classified: can a retry fix it, and what to tell the caller.
struct PushFailure {
    var isPermanent: Bool
    var httpStatus: Int?
    var reason: String?
    var message: String
    var retryAfter: Duration?

    init(_ error: any Error) {
        guard let error = error as? KubernetesError else {
            isPermanent = error is PushPayloadError
            message = "\(error)"
            return
        }
        httpStatus = error.httpStatus
        reason = error.reason
        message = error.message
        retryAfter = error.retryAfterSeconds.map { .seconds($0) }
        switch error.code {
        case .badRequest, .invalid, .forbidden, .unsupportedMediaType, .methodNotAllowed, .invalidRequest,
            .alreadyExists:
            // The cluster refused this object as it is; sending it again changes nothing.
            isPermanent = true
        default:
            // Unreachable, overloaded, timed out, conflicting, credentials being refreshed: retry.
            isPermanent = false
        }
    }
}
