import Foundation
import GatewayCore
import GatewayPersistence
import Testing

@testable import GatewaySync

/// The store rings the relay's doorbell: a committed write that queues a push wakes the relay,
/// with nobody ringing by hand.
@Suite struct DoorbellTests {
    @Test(.timeLimit(.minutes(1))) func aCommitThatQueuesAPushEndsTheWait() async throws {
        let harness = try Harness()
        let doorbell = Doorbell(feed: harness.database.changes)
        // Far longer than the time limit: only the store's commit can end this wait.
        async let waited: Void = doorbell.wait(timeout: .seconds(3600))
        try await harness.submit("woken")
        await waited
    }

    @Test(.timeLimit(.minutes(1))) func theRelayPushesSubmitsWithoutBeingRung() async throws {
        let harness = try Harness()
        let cluster = harness.cluster
        let relay = PushRelay(
            dependencies: .init(
                outbox: harness.outbox,
                kubernetes: { cluster },
                doorbell: harness.doorbell,
                outcomes: harness.outcomes
            ),
            // Never polls within the time limit: each push follows the commit that queued it.
            configuration: .init(idlePoll: .seconds(3600)),
            logger: harness.logger
        )
        let running = Task { try await relay.run() }
        defer { running.cancel() }

        for name in ["first", "second"] {
            let workload = try await harness.submit(name)
            #expect(await harness.outcomes.wait(for: workload.id, timeout: .seconds(20)) == .pushed)
            #expect(try await harness.workloads.find(id: workload.id)?.syncState == .synced)
        }
        running.cancel()
        _ = await running.result
    }
}
