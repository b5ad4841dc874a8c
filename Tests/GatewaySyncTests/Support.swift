import Foundation
import GatewayCore
import GatewayPersistence
import GatewaySync
import GatewayTestSupport
import Logging

/// A migrated in-memory store with the pieces the sync layer needs.
struct Harness {
    let database: GatewayDatabase
    let workloads: SQLiteWorkloadRepository
    let outbox: SQLiteOutboxRepository
    let cluster = FakeCluster()
    let doorbell: Doorbell
    let outcomes = PushOutcomes()
    let logger = Logger(label: "test")

    init() throws {
        database = try makeMigratedDatabase()
        workloads = SQLiteWorkloadRepository(database: database)
        outbox = SQLiteOutboxRepository(database: database)
        doorbell = Doorbell(feed: database.changes)
    }

    func relay(retry: RetrySchedule = RetrySchedule(initialDelay: .seconds(30), maximumAttempts: 3)) -> PushRelay {
        let cluster = self.cluster
        return PushRelay(
            dependencies: .init(outbox: outbox, kubernetes: { cluster }, doorbell: doorbell, outcomes: outcomes),
            configuration: .init(retry: retry),
            logger: logger
        )
    }

    var reconciler: StatusReconciler {
        StatusReconciler(workloads: workloads, outbox: outbox, logger: logger)
    }

    /// Stores a workload as a submit does, with the object the translation would produce.
    @discardableResult
    func submit(_ name: String, project: String = "team-a", gpu: String = "1") async throws -> Workload {
        let now = Date(millisecondsSince1970: Date().millisecondsSince1970)
        let object: JSONValue = [
            "apiVersion": "run.ai/v2alpha1",
            "kind": "InferenceWorkload",
            "metadata": [
                "name": .string(name),
                "namespace": .string("runai-\(project)"),
                "labels": ["project": .string(project), "app.kubernetes.io/managed-by": "inference-gateway"],
            ],
            "spec": ["image": ["value": "nginx"], "gpu": ["value": .string(gpu)]],
        ]
        let workload = Workload(
            id: UUID().uuidString.lowercased(),
            project: project,
            name: name,
            namespace: "runai-\(project)",
            username: "john",
            legacyRequest: "{}",
            desiredObject: object.compactString,
            createdAt: now,
            updatedAt: now
        )
        let projectRecord = Project(name: project, namespace: "runai-\(project)", origin: .automatic, createdAt: now)
        try await workloads.create(workload, project: projectRecord, idempotency: nil)
        return workload
    }
}
