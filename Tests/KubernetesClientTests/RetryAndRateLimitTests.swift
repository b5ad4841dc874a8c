import Foundation
import GatewayTestSupport
import KubernetesClient
import Logging
import Testing

@Suite struct RetryAndRateLimitTests {
    let widgets = Widget.resource

    @Test func a429IsRetriedAfterItsRetryAfter() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            await fake.store.addFault(.init(method: "POST", status: 429, retryAfter: 1, remaining: 1))
            let started = ContinuousClock.now
            let created = try await client.create(widgets, namespace: "ns1", object: Widget(name: "demo", size: 1))
            let elapsed = ContinuousClock.now - started
            #expect(created.metadata.name == "demo")
            #expect(await fake.store.requests(method: "POST").count == 2)
            #expect(elapsed >= .milliseconds(900), "Retry-After: 1 was honoured")
            #expect(elapsed < .seconds(30))
        }
    }

    @Test func a500ThenSuccessIsRetriedForReads() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "demo", size: 1))
            await fake.store.addFault(.init(method: "GET", status: 500, retryAfter: nil, remaining: 1))
            let read = try await client.get(widgets, namespace: "ns1", name: "demo", as: Widget.self)
            #expect(read.metadata.name == "demo")
            #expect(await fake.store.requests(method: "GET").count == 2)
        }
    }

    @Test func a500WithoutRetryAfterIsNotRetriedForACreate() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            await fake.store.addFault(.init(method: "POST", status: 500, retryAfter: nil, remaining: 1))
            let error = await kubernetesError { _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "demo", size: 1)) }
            #expect(error?.code == .serverError)
            #expect(error?.httpStatus == 500)
            #expect(await fake.store.requests(method: "POST").count == 1)
        }
    }

    @Test func retriesStopAfterTheConfiguredNumberOfAttempts() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port) { $0.retry.maxAttempts = 3 }
            await fake.store.addFault(.init(method: "GET", status: 503, retryAfter: nil, remaining: 100))
            let error = await kubernetesError { _ = try await client.get(widgets, namespace: "ns1", name: "demo", subresource: nil) }
            #expect(error?.code == .serverError)
            #expect(error?.httpStatus == 503)
            #expect(await fake.store.requests(method: "GET").count == 3)
        }
    }

    @Test func aRetryAfterLongerThanThePolicyAllowsFailsAtOnce() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port) { $0.retry.maxRetryAfter = .seconds(5) }
            await fake.store.addFault(.init(method: "GET", status: 429, retryAfter: 120, remaining: 1))
            let error = await kubernetesError { _ = try await client.list(widgets, namespace: "ns1", options: ListOptions()) }
            #expect(error?.code == .tooManyRequests)
            #expect(error?.retryAfterSeconds == 120)
            #expect(await fake.store.requests(method: "GET").count == 1)
        }
    }

    @Test func aRefusedConnectionIsRetriedWithBackoffThenReported() async throws {
        let recorder = LogRecorder()
        let port = try FreePort.reserve()
        var configuration = KubernetesClientConfiguration.server(url: "http://127.0.0.1:\(port)")
        configuration.retry = .init(maxAttempts: 3, initialBackoff: .milliseconds(50), maxBackoff: .milliseconds(200))
        let client = try CurlKubernetesClient(configuration: configuration, logger: recorder.logger())
        let started = ContinuousClock.now
        let error = await kubernetesError { _ = try await client.list(widgets, namespace: "ns1", options: ListOptions()) }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("cannot connect") == true)
        let retries = recorder.records.filter { $0.message.contains("retrying") }
        #expect(retries.count == 2)
        // Backoff: at least half of 50 ms, then half of 100 ms.
        #expect(ContinuousClock.now - started >= .milliseconds(75))
    }

    @Test func theRateLimitSpacesRequestsAfterTheBurst() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port) { $0.rateLimit = .init(qps: 20, burst: 2) }
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask { _ = try await client.list(widgets, namespace: "ns1", options: ListOptions()) }
                }
                try await group.waitForAll()
            }
            let elapsed = ContinuousClock.now - started
            #expect(await fake.store.requests(method: "GET").count == 8)
            // Two go at once, the other six at 20 per second: at least 300 ms in all.
            #expect(elapsed >= .milliseconds(280))
            #expect(elapsed < .seconds(30))
        }
    }
}
