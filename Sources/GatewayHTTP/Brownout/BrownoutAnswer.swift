import Foundation
import GatewayCore
import HTTPTypes

/// The body of a brownout's `410 Gone`: the legacy error fields (`status`, `message`), the window
/// (why, until when), and where to go: the Cluster-API call that replaces this one, with the
/// `InferenceWorkload` a submit becomes when its body translates.
///
/// ```json
/// {"status": 410, "message": "POST /api/v1/jobs is browned out until 2027-01-12T10:00:00Z: …",
///  "brownout": {"window": "first", "start": "…", "end": "…", "reason": "…"},
///  "documentation": "https://docs.run.ai/…",
///  "successor": {"method": "POST", "url": "http://gw/apis/run.ai/v2alpha1/namespaces/runai-a/inferenceworkloads",
///                "body": {"apiVersion": "run.ai/v2alpha1", "kind": "InferenceWorkload", …}}}
/// ```
struct BrownoutAnswer: Encodable, Sendable {
    /// The window that answered.
    struct Window: Encodable, Sendable {
        var window: String
        var start: String
        var end: String
        var reason: String
    }

    /// The Cluster-API call that replaces the legacy one.
    struct Successor: Encodable, Sendable {
        var method: String
        var url: String
        /// The `InferenceWorkload` a submit's body becomes; absent for other calls, or when the
        /// body does not translate.
        var body: InferenceWorkload?
    }

    var status = 410
    var message: String
    var brownout: Window
    var documentation: String
    var successor: Successor

    /// What a window says when it gives no reason.
    static let defaultReason = "the legacy API is being retired; this brownout shows which callers still depend on it"

    /// The answer of `window` to a call of `method` on `path`, replaced by `successor`.
    init(
        window: BrownoutWindow,
        method: HTTPRequest.Method,
        path: String,
        successor: SuccessorTarget,
        workload: InferenceWorkload?,
        signals: DeprecationSignals,
        host: String?
    ) {
        let end = BrownoutPlan.iso8601(window.end)
        let reason = window.reason ?? Self.defaultReason
        let replacement = Self.replacement(method: method, successor: successor, workload: workload)
        let url = signals.baseURL(host: host) + signals.resourcePath(replacement.target)
        message = "\(method.rawValue) \(path) is browned out until \(end): \(reason); use \(replacement.method) \(url)"
        brownout = Window(window: window.name, start: BrownoutPlan.iso8601(window.start), end: end, reason: reason)
        documentation = signals.configuration.documentationURL
        self.successor = Successor(method: replacement.method, url: url, body: method == .post ? workload : nil)
    }

    /// The method and resource of the Cluster-API call, as the deprecation `Warning` names them.
    private static func replacement(
        method: HTTPRequest.Method,
        successor: SuccessorTarget,
        workload: InferenceWorkload?
    ) -> (method: String, target: SuccessorTarget) {
        switch method {
        case .post:
            if let workload { return ("POST", .namespace(workload.metadata.namespace ?? "")) }
            if case .object(let namespace, _) = successor { return ("POST", .namespace(namespace)) }
            return ("POST", successor)
        case .delete:
            return ("DELETE", successor)
        default:
            return ("GET", successor)
        }
    }
}
