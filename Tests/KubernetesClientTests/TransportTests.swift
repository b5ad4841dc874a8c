import Foundation
import GatewayTestSupport
import KubernetesClient
import Testing

/// Timeouts, cancellation and connection reuse of ordinary requests.
@Suite struct TransportTests {
    let widgets = Widget.resource

    @Test func cancellingTheCallingTaskAbortsARequestInFlight() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            await fake.store.addFault(.init(method: "GET", status: 200, remaining: 1, hangs: true))
            let request = Task { try await client.list(widgets, namespace: "ns1", options: ListOptions()) }
            #expect(await eventually { await fake.store.requests().count == 1 })
            let started = ContinuousClock.now
            request.cancel()
            let error = await kubernetesError { _ = try await request.value }
            #expect(error?.code == .cancelled)
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(await fake.store.requests().count == 1, "a cancelled request is not retried")
        }
    }

    @Test func theRequestTimeoutEndsAnAnswerThatNeverCompletesAndAReadIsTriedAgain() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port) {
                $0.timeouts.request = .seconds(1)  // long enough that a loaded machine still delivers each attempt before it times out
                $0.retry.maxAttempts = 2
            }
            await fake.store.addFault(.init(method: "GET", status: 200, remaining: 2, hangs: true))
            let started = ContinuousClock.now
            let error = await kubernetesError { _ = try await client.list(widgets, namespace: "ns1", options: ListOptions()) }
            #expect(error?.code == .timedOut)
            #expect(error?.message.contains("did not answer in time") == true)
            #expect(await fake.store.requests().count == 2, "a timed-out read is idempotent, so it was tried twice")
            #expect(ContinuousClock.now - started >= .seconds(2))
        }
    }

    @Test func requestsAndWatchesShareOneTLSConnection() async throws {
        try await NginxProxy.run { _, nginx, pki in
            let yaml = TLSTests.kubeconfig(
                server: "https://127.0.0.1:\(nginx.mutualTLSPort)",
                ca: pki.caCertificate,
                user: TLSTests.certificateUser(pki)
            )
            let client = try TLSTests.client(yaml, in: pki)
            let watch = await WatchRecorder.start(try await client.watch(widgets, namespace: "ns1", options: WatchOptions(), as: Widget.self))
            for index in 0..<10 {
                _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "w\(index)", size: index))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 { group.addTask { _ = try await client.list(widgets, namespace: "ns1", options: ListOptions()) } }
                try await group.waitForAll()
            }
            #expect(await watch.waitForEvents(10))
            await watch.cancel()
            let log = nginx.accessLog
            #expect(log.count >= 20, "the watch is logged when it ends: \(log.count) lines")
            let connections = Set(log.map { $0.split(separator: " ").first ?? "" })
            #expect(connections.count == 1, "HTTP/2 multiplexes every request and the watch on one connection: \(log)")
            #expect(log.allSatisfy { $0.contains("HTTP/2.0") })
        }
    }
}
