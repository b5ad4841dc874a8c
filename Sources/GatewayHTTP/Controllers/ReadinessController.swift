import Foundation
import GatewayPersistence
import GatewaySync
import Hummingbird
import Synchronization

/// One named condition the gateway needs to take traffic (`database`, `migrations`, `storage`,
/// `cluster`, `status-sync`, `shutdown`).
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

    /// `database`: `ok` while the database answers a trivial query, `unavailable` otherwise.
    static func database(_ database: GatewayDatabase) -> ReadinessCheck {
        ReadinessCheck(name: "database") { await database.isHealthy() ? .ready("ok") : .notReady("unavailable") }
    }

    /// `migrations`: `complete` once the database has every migration this binary ships (checked
    /// until it holds once; migrations are never undone), `pending` otherwise.
    static func migrations(_ database: GatewayDatabase) -> ReadinessCheck {
        let complete = Mutex(false)
        return ReadinessCheck(name: "migrations") {
            if complete.withLock({ $0 }) { return .ready("complete") }
            guard (try? Migrator.embedded.verify(database.writer)) != nil else { return .notReady("pending") }
            complete.withLock { $0 = true }
            return .ready("complete")
        }
    }

    /// `cluster`: `embedded` when the gateway serves its own Kubernetes API; otherwise `reachable`
    /// when status sync's last request to the cluster succeeded, `unreachable` when it failed, and
    /// `connecting` before the first.
    static func cluster(embedded: Bool, progress: StatusSyncProgress) -> ReadinessCheck {
        ReadinessCheck(name: "cluster") {
            if embedded { return .ready("embedded") }
            switch progress.clusterReachable {
            case true?: return .ready("reachable")
            case false?: return .notReady("unreachable")
            case nil: return .notReady("connecting")
            }
        }
    }

    /// `status-sync`: `listed` once status sync listed every namespace it follows, so that polls
    /// answer from a store that has caught up with the cluster; `listing` before.
    static func statusSync(_ progress: StatusSyncProgress) -> ReadinessCheck {
        ReadinessCheck(name: "status-sync") { progress.firstListDone ? .ready("listed") : .notReady("listing") }
    }

    /// `shutdown`: `running`, or `shutting-down` once ``ReadinessSwitch/shutDown()`` was called.
    static func shutdown(_ readiness: ReadinessSwitch) -> ReadinessCheck {
        ReadinessCheck(name: "shutdown") { readiness.isShuttingDown ? .notReady("shutting-down") : .ready("running") }
    }
}

/// Turns `/readyz` to 503 (`"shutdown": "shutting-down"`) for good, while the listener still
/// serves: what a graceful shutdown calls first, so the load balancer stops sending traffic
/// before the listener closes.
public final class ReadinessSwitch: Sendable {
    private let shuttingDown = Mutex(false)

    /// A switch that reports ready.
    public init() {}

    /// Whether ``shutDown()`` was called.
    public var isShuttingDown: Bool { shuttingDown.withLock { $0 } }

    /// Reports not ready from now on.
    public func shutDown() {
        shuttingDown.withLock { $0 = true }
    }
}

/// `GET /readyz`: whether the gateway should get traffic, as a list of named checks.
///
/// `{"status":"ok","checks":{"storage":"available",…}}` with 200, or
/// `{"status":"unavailable","checks":{"storage":"full",…},"failing":["storage"]}` with 503. Unlike `/healthz` (liveness:
/// the process answers and the database reads), a failing readiness check is no reason to
/// restart the gateway. Neither needs a token or carries deprecation headers.
struct ReadinessController<Context: RequestContext>: Sendable {
    /// The checks, in the order they run.
    var checks: [ReadinessCheck]

    /// The body of a readiness answer.
    struct Readiness: Encodable {
        var status: String
        var checks: [String: String]
        /// The checks that do not hold, in the order they ran; absent when ready.
        var failing: [String]?
    }

    func addRoutes(to router: Router<Context>) {
        router.get("readyz") { _, _ -> Response in
            var outcomes: [String: String] = [:]
            var failing: [String] = []
            for check in checks {
                let outcome = await check.evaluate()
                outcomes[check.name] = outcome.word
                if !outcome.isReady { failing.append(check.name) }
            }
            let ready = failing.isEmpty
            return try JSONResponse.make(
                Readiness(status: ready ? "ok" : "unavailable", checks: outcomes, failing: ready ? nil : failing),
                status: ready ? .ok : .serviceUnavailable
            )
        }
    }
}
