import Foundation
import GatewayCore
import Logging
import ServiceLifecycle
import Testing

@testable import EmbeddedCluster

@Suite(.timeLimit(.minutes(1)))
struct ControllerTests {
    static let logger = Logger(label: "embedded-controller-tests")

    /// Runs a controller over `store` while `body` runs.
    func withController(
        _ store: ClusterStore,
        _ configuration: SimulatedController.Configuration,
        _ body: () async throws -> Void
    ) async throws {
        let controller = SimulatedController(store: store, configuration: configuration, logger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await controller.run() }
            try await body()
            group.cancelAll()
        }
    }

    /// Follows a watch until an object reaches `status`; returns every calculated status seen, in order.
    func follow(_ watch: ClusterWatch, until status: String) async -> (seen: [String], last: JSONValue?) {
        var seen: [String] = []
        for await event in watch {
            guard case .modified(let object) = event else { continue }
            let calculated = object[path: ["metadata", "annotations", "runai-calculated-status"]]?.stringValue ?? ""
            if seen.last != calculated { seen.append(calculated) }
            if calculated == status { return (seen, object) }
        }
        return (seen, nil)
    }

    @Test func aNewWorkloadGoesFromPendingToRunningWithTheStatusOfARealCluster() async throws {
        let store = try makeStore()
        try await withController(store, .init(startupDelay: .milliseconds(20))) {
            let watch = try await store.watch(WatchRequest(namespace: "ns1", resourceVersion: try await store.currentResourceVersion()))
            _ = try await store.create(namespace: "ns1", object: workload("demo", minScale: 2, maxScale: 3, gpu: "0.5"))
            let (seen, last) = await follow(watch, until: "Running")
            watch.stop()
            #expect(seen == ["Pending", "Running"])
            let running = try #require(last)
            #expect(running[path: ["status", "phase"]] == "Running")
            #expect(running[path: ["status", "replicas"]] == 2)
            #expect(running[path: ["status", "readyReplicas"]] == 2)
            #expect(running[path: ["status", "observedGeneration"]] == 1)
            #expect(running[path: ["status", "url"]] == "http://demo.ns1.svc.cluster.local")
            #expect(running[path: ["status", "nodes"]] == ["embedded-node-0", "embedded-node-1"])
            #expect(running[path: ["status", "allocatedGPUs"]] == 1.0)
            #expect(running["status"]?["conditions"]?[0]?["status"] == "True")
            #expect(running[path: ["metadata", "annotations", "runai-used-nodes"]] == "embedded-node-0,embedded-node-1")
            #expect(running[path: ["metadata", "finalizers"]] == ["run.ai/embedded-controller"])
            #expect(running.generation == 1)
        }
    }

    @Test func anImageThatCannotBePulledEndsInImagePullBackOff() async throws {
        let store = try makeStore()
        try await withController(store, .init(startupDelay: .milliseconds(10))) {
            let watch = try await store.watch(WatchRequest(namespace: "ns1", resourceVersion: try await store.currentResourceVersion()))
            _ = try await store.create(namespace: "ns1", object: workload("broken", image: "registry.example/does-not-exist:1"))
            let (seen, last) = await follow(watch, until: "ImagePullBackOff")
            watch.stop()
            #expect(seen == ["Pending", "ImagePullBackOff"])
            #expect(last?[path: ["status", "phase"]] == "Pending")
            #expect(last?[path: ["status", "readyReplicas"]] == 0)
            #expect(last?["status"]?["conditions"]?[0]?["message"] == #"Back-off pulling image "registry.example/does-not-exist:1""#)
        }
    }

    @Test func theFailureShareIsDeterministic() {
        let names = (0..<400).map { "workload-\($0)" }
        func failing(_ share: Double) -> [String] {
            names.filter {
                WorkloadSimulation.fails(namespace: "ns1", name: $0, image: "nginx", failureShare: share, failingImagePattern: "does-not-exist")
            }
        }
        #expect(failing(0).isEmpty)
        #expect(failing(1).count == names.count)
        let half = failing(0.5)
        #expect(half == failing(0.5))
        #expect((140...260).contains(half.count))
        #expect(Set(failing(0.25)).isSubset(of: Set(half)))
    }

    @Test func deletingARunningWorkloadWaitsForTheControllerFinalizer() async throws {
        let store = try makeStore()
        try await withController(store, .init(startupDelay: .milliseconds(10))) {
            let watch = try await store.watch(WatchRequest(namespace: "ns1", resourceVersion: try await store.currentResourceVersion()))
            _ = try await store.create(namespace: "ns1", object: workload("demo"))
            _ = await follow(watch, until: "Running")
            guard case .terminating(let terminating) = try await store.delete(namespace: "ns1", name: "demo") else {
                Issue.record("the controller's finalizer must make the delete two-phase")
                return
            }
            #expect(terminating[path: ["metadata", "deletionTimestamp"]] != nil)
            var types: [String] = []
            for await event in watch {
                types.append(event.type)
                if event.type == "DELETED" {
                    #expect(event.object()[path: ["metadata", "annotations", "runai-calculated-status"]] == "Terminating")
                    break
                }
            }
            watch.stop()
            #expect(types.last == "DELETED")
            await expectStatus(404, "NotFound") { _ = try await store.get(namespace: "ns1", name: "demo") }
        }
    }

    @Test func anotherClientsFinalizerKeepsTheWorkloadUntilRemoved() async throws {
        let store = try makeStore()
        try await withController(store, .init(startupDelay: .milliseconds(10))) {
            let watch = try await store.watch(WatchRequest(namespace: "ns1", resourceVersion: try await store.currentResourceVersion()))
            _ = try await store.create(namespace: "ns1", object: workload("demo", finalizers: ["example.com/backup"]))
            _ = await follow(watch, until: "Running")
            _ = try await store.delete(namespace: "ns1", name: "demo")
            let (_, terminating) = await follow(watch, until: "Terminating")
            #expect(terminating?[path: ["metadata", "finalizers"]] == ["example.com/backup"])
            let removed = try await store.patch(
                namespace: "ns1",
                name: "demo",
                type: .merge,
                body: Data(#"{"metadata":{"finalizers":null}}"#.utf8)
            )
            #expect(removed.object[path: ["metadata", "deletionTimestamp"]] != nil)
            await expectStatus(404, "NotFound") { _ = try await store.get(namespace: "ns1", name: "demo") }
            watch.stop()
        }
    }

    @Test func aSpecChangeOfARunningWorkloadIsObservedWithoutGoingPending() async throws {
        let store = try makeStore()
        try await withController(store, .init(startupDelay: .milliseconds(10))) {
            let watch = try await store.watch(WatchRequest(namespace: "ns1", resourceVersion: try await store.currentResourceVersion()))
            _ = try await store.create(namespace: "ns1", object: workload("demo", minScale: 1, maxScale: 4))
            _ = await follow(watch, until: "Running")
            _ = try await store.patch(
                namespace: "ns1",
                name: "demo",
                type: .merge,
                body: Data(#"{"spec":{"minScale":{"value":3}}}"#.utf8)
            )
            for await event in watch {
                guard case .modified(let object) = event, object[path: ["status", "observedGeneration"]] == 2 else { continue }
                #expect(object[path: ["metadata", "annotations", "runai-calculated-status"]] == "Running")
                #expect(object[path: ["status", "readyReplicas"]] == 3)
                break
            }
            watch.stop()
        }
    }

    @Test func theControllerStopsOnGracefulShutdownEvenWithWorkPending() async throws {
        let store = try makeStore()
        _ = try await store.create(namespace: "ns1", object: workload("demo"))
        let controller = SimulatedController(store: store, configuration: .init(startupDelay: .seconds(3600)), logger: Self.logger)
        let group = ServiceGroup(services: [controller], logger: Self.logger)
        let watch = try await store.watch(WatchRequest(namespace: "ns1"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            _ = await follow(watch, until: "Pending")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        watch.stop()
        #expect(store.hub.count == 0)
    }

    @Test func workThatWasPendingAtARestartIsResumed() async throws {
        let store = try makeStore()
        _ = try await store.create(namespace: "ns1", object: workload("demo"))
        // A controller that never finishes its delay leaves the workload Pending, as a restart would.
        let stuck = SimulatedController(
            store: store,
            configuration: .init(startupDelay: .seconds(3600)),
            logger: Self.logger
        )
        let watch = try await store.watch(WatchRequest(namespace: "ns1", resourceVersion: try await store.currentResourceVersion()))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await stuck.run() }
            _ = await follow(watch, until: "Pending")
            group.cancelAll()
        }
        try await withController(store, .init(startupDelay: .milliseconds(10))) {
            let (_, running) = await follow(watch, until: "Running")
            #expect(running?[path: ["status", "readyReplicas"]] == 1)
        }
        watch.stop()
    }
}
