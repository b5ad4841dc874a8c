import Foundation
import GatewayPersistence
import Hummingbird

/// One named condition the gateway needs to take traffic (`storage`, …).
///
/// `/readyz` runs every check: 200 when all are ready, 503 naming the state of each otherwise.
/// Add a check by appending one to ``ReadinessController/checks``.
struct ReadinessCheck: Sendable {
    /// The outcome of a check, with the word `/readyz` shows for it (`ok`, `full`, …).
    enum Outcome: Sendable, Equatable {
        /// The condition holds.
        case ready(String)
        /// The condition does not hold; the gateway should get no traffic.
        case notReady(String)

        var isReady: Bool {
            if case .ready = self { return true }
            return false
        }

        var word: String {
            switch self {
            case .ready(let word), .notReady(let word): word
            }
        }
    }

    /// The key of the check in the answer's `checks`.
    var name: String
    /// Evaluates the check; cheap, it runs on every probe.
    var evaluate: @Sendable () async -> Outcome

    /// `storage`: `full` from the first write refused for lack of space until a write succeeds
    /// again (while full, the check itself tries a small write at most once a second, so that
    /// the gateway turns ready once space is freed even when no traffic reaches it).
    static func storage(_ database: GatewayDatabase) -> ReadinessCheck {
        ReadinessCheck(name: "storage") {
            await database.probeStorage() ? .notReady(StorageHealth.Condition.full.rawValue) : .ready(StorageHealth.Condition.available.rawValue)
        }
    }
}

/// `GET /readyz`: whether the gateway should get traffic, as a list of named checks.
///
/// `{"status":"ok","checks":{"storage":"ok"}}` with 200, or
/// `{"status":"unavailable","checks":{"storage":"full"}}` with 503. Unlike `/healthz` (liveness:
/// the process answers and the database reads), a failing readiness check is no reason to
/// restart the gateway. Neither needs a token or carries deprecation headers.
struct ReadinessController<Context: RequestContext>: Sendable {
    /// The checks, in the order they run.
    var checks: [ReadinessCheck]

    /// The body of a readiness answer.
    struct Readiness: Encodable {
        var status: String
        var checks: [String: String]
    }

    func addRoutes(to router: Router<Context>) {
        router.get("readyz") { _, _ -> Response in
            var outcomes: [String: String] = [:]
            var ready = true
            for check in checks {
                let outcome = await check.evaluate()
                outcomes[check.name] = outcome.word
                ready = ready && outcome.isReady
            }
            return try JSONResponse.make(
                Readiness(status: ready ? "ok" : "unavailable", checks: outcomes),
                status: ready ? .ok : .serviceUnavailable
            )
        }
    }
}
