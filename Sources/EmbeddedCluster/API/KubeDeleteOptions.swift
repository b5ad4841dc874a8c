import Foundation
import GatewayCore

/// The optional `DeleteOptions` body of a DELETE.
///
/// `kubectl` sends `{"propagationPolicy":"Background"}`; the Python client sends
/// `{"kind":"DeleteOptions","apiVersion":"v1",…}`. Propagation and grace periods do not
/// matter here (nothing owns an `InferenceWorkload`, and the simulated controller has nothing
/// to drain), so they are accepted and ignored; `preconditions` are honoured.
struct KubeDeleteOptions: Sendable, Equatable {
    /// `preconditions.uid` and `preconditions.resourceVersion`.
    var preconditions = DeletePreconditions()

    /// Reads a DELETE body; an empty body means defaults.
    /// - Throws: 400 BadRequest for malformed JSON, a non-object, a bad `propagationPolicy`, or `dryRun`.
    init(body: Data) throws(KubeStatusError) {
        guard !body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: body)
        } catch {
            throw .badRequest("the DeleteOptions body is not valid JSON: \(error.description)")
        }
        guard document.isObject else {
            throw .badRequest("the DeleteOptions body must be a JSON object, not \(document.typeName)")
        }
        if let policy = document["propagationPolicy"], !policy.isNull {
            guard let text = policy.stringValue, ["Orphan", "Background", "Foreground"].contains(text) else {
                throw .badRequest("propagationPolicy must be Orphan, Background or Foreground, not \(policy.compactString)")
            }
        }
        if let dryRun = document["dryRun"]?.arrayValue, !dryRun.isEmpty {
            throw .badRequest(
                "dryRun is not supported by the embedded cluster: nothing was deleted; repeat the request without dryRun"
            )
        }
        if let preconditions = document["preconditions"], preconditions.isObject {
            self.preconditions = DeletePreconditions(
                uid: preconditions["uid"]?.stringValue,
                resourceVersion: preconditions["resourceVersion"]?.stringValue
            )
        }
    }

    /// Defaults: no preconditions.
    init() {}
}
