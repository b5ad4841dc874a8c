import GatewayCore
import KubernetesClient
import Testing

@testable import GatewaySync

@Suite struct WatchBatchTests {
    struct WatchBroke: Error {}

    func event(_ type: WatchEventType, _ name: String, _ version: Int) -> WatchEvent<JSONValue> {
        let object: JSONValue = ["metadata": ["namespace": "runai-a", "name": .string(name), "resourceVersion": .string(String(version))]]
        return WatchEvent(type: type, object: object, resourceVersion: String(version))
    }

    @Test func laterChangesToAnObjectReplaceWaitingOnesAndOrderFollowsFirstChange() async throws {
        let batch = WatchBatch()
        batch.add(event(.added, "a", 1))
        batch.add(event(.added, "b", 2))
        batch.add(event(.modified, "a", 3))
        batch.add(event(.deleted, "b", 4))
        let taken = try await batch.take()
        #expect(taken?.events.map(\.type) == [.modified, .deleted])
        #expect(taken?.events.map { $0.object["metadata"]?["name"]?.stringValue } == ["a", "b"])
        #expect(taken?.resourceVersion == "4")
    }

    @Test func takeWaitsForAnEventAndEndsAfterTheWatchDid() async throws {
        let batch = WatchBatch()
        async let first = batch.take()
        batch.add(event(.added, "late", 7))
        #expect(try await first?.events.count == 1)
        batch.finish()
        #expect(try await batch.take() == nil)
    }

    @Test func theErrorThatEndedTheWatchComesAfterTheEventsBeforeIt() async throws {
        let batch = WatchBatch()
        batch.add(event(.added, "a", 1))
        batch.finish(throwing: WatchBroke())
        #expect(try await batch.take()?.resourceVersion == "1")
        await #expect(throws: WatchBroke.self) { _ = try await batch.take() }
    }
}
