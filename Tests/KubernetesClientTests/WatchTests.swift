import Foundation
import GatewayTestSupport
import KubernetesClient
import Testing

@Suite struct WatchTests {
    let widgets = Widget.resource

    @Test func watchingFromAListSeesEveryLaterChangeInOrder() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "before", size: 1))
            let list = try await client.list(widgets, namespace: "ns1", as: Widget.self)
            let stream = try await client.watch(
                widgets,
                namespace: "ns1",
                options: WatchOptions(resourceVersion: list.resourceVersion, timeoutSeconds: 300),
                as: Widget.self
            )
            let recorder = await WatchRecorder.start(stream)

            var widget = try await client.create(widgets, namespace: "ns1", object: Widget(name: "demo", size: 1))
            widget.spec?.size = 2
            widget = try await client.replace(widgets, namespace: "ns1", name: "demo", object: widget)
            try await client.delete(widgets, namespace: "ns1", name: "demo")

            let arrived = await recorder.waitForEvents(3)
            let failure = await recorder.error
            #expect(arrived, "the watch ended with \(String(describing: failure))")
            #expect(await recorder.types == [.added, .modified, .deleted])
            let events = await recorder.events.filter { $0.type != .bookmark }
            try #require(events.count == 3)
            #expect(events.map(\.object.metadata.name) == ["demo", "demo", "demo"])
            #expect(events[1].object.spec?.size == 2)
            #expect(events[1].resourceVersion == widget.metadata.resourceVersion)
            await recorder.cancel()

            let watch = try #require(await fake.store.requests(method: "GET").first { $0.query["watch"] == "true" })
            #expect(watch.query["resourceVersion"] == list.resourceVersion)
            #expect(watch.query["allowWatchBookmarks"] == "true")
            #expect(watch.query["timeoutSeconds"] == "300")
        }
    }

    @Test func bookmarksAdvanceTheResourceVersion() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            let stream = try await client.watch(widgets, namespace: "ns1", options: WatchOptions(resourceVersion: "100"))
            let recorder = await WatchRecorder.start(stream)
            _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "other", size: 1))
            #expect(await recorder.waitForEvents(1))
            await fake.store.sendBookmarks()
            let current = await fake.store.resourceVersion
            #expect(await eventually { await recorder.events.filter { $0.type == .bookmark }.count >= 2 })
            let bookmark = try #require(await recorder.events.last)
            #expect(bookmark.resourceVersion == "\(current)")
            await recorder.cancel()
        }
    }

    @Test func aWatchResumesFromTheLastResourceVersionWhenTheServerEndsIt() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            let stream = try await client.watch(
                widgets,
                namespace: "ns1",
                options: WatchOptions(resourceVersion: "100", allowBookmarks: false),
                as: Widget.self
            )
            let recorder = await WatchRecorder.start(stream)
            let first = try await client.create(widgets, namespace: "ns1", object: Widget(name: "first", size: 1))
            #expect(await recorder.waitForEvents(1))

            await fake.store.endWatches()
            _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "second", size: 2))
            #expect(await recorder.waitForEvents(2))
            #expect(await recorder.events.map(\.object.metadata.name) == ["first", "second"])
            #expect(await recorder.finished == false)
            await recorder.cancel()

            let watches = await fake.store.requests(method: "GET").filter { $0.query["watch"] == "true" }
            #expect(watches.count == 2)
            #expect(watches.last?.query["resourceVersion"] == first.metadata.resourceVersion)
        }
    }

    @Test func aWatchThatDoesNotResumeFinishesWhenTheServerEndsIt() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            let stream = try await client.watch(widgets, namespace: "ns1", options: WatchOptions(resumes: false))
            let recorder = await WatchRecorder.start(stream)
            #expect(await eventually { await fake.store.activeWatchers == 1 })
            await fake.store.endWatches()
            #expect(await recorder.waitUntilFinished())
            #expect(await recorder.error == nil)
        }
    }

    @Test func aTooOldResourceVersionEndsTheWatchWithExpiredSoTheCallerRelists() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "demo", size: 1))
            await fake.store.setCompactedBelow(500)
            let stream = try await client.watch(widgets, namespace: "ns1", options: WatchOptions(resourceVersion: "101"))
            let recorder = await WatchRecorder.start(stream)
            #expect(await recorder.waitUntilFinished())
            let error = try #require(await recorder.error as? KubernetesError)
            #expect(error.code == .expired)
            #expect(error.httpStatus == 410)
            #expect(error.reason == "Expired")
            #expect(error.message.contains("too old resource version"))

            // What the caller does next: relist, and watch from the list's version.
            let list = try await client.list(widgets, namespace: "ns1", as: Widget.self)
            #expect(list.items.count == 1)
            await fake.store.setCompactedBelow(0)
            let again = try await client.watch(widgets, namespace: "ns1", options: WatchOptions(resourceVersion: list.resourceVersion))
            let second = await WatchRecorder.start(again)
            try await client.delete(widgets, namespace: "ns1", name: "demo")
            #expect(await second.waitForEvents(1))
            #expect(await second.types == [.deleted])
            await second.cancel()
        }
    }

    @Test func anHTTP410OnConnectIsTheSameExpiredSignal() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            await fake.store.setCompactedBelow(500)
            await fake.store.setExpiredWatchAsHTTPStatus(true)
            let error = await kubernetesError {
                _ = try await client.watch(widgets, namespace: "ns1", options: WatchOptions(resourceVersion: "101"))
            }
            #expect(error?.code == .expired)
            #expect(error?.httpStatus == 410)
        }
    }

    @Test func cancellingTheWatchingTaskEndsTheTransfer() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            let stream = try await client.watch(widgets, namespace: "ns1", options: WatchOptions(allowBookmarks: false))
            let recorder = await WatchRecorder.start(stream)
            #expect(await eventually { await fake.store.activeWatchers == 1 })
            await recorder.cancel()
            #expect(await recorder.finished)
            #expect(await recorder.error == nil)
            // The server notices the closed connection when it next writes to it.
            var index = 0
            let closed = try await eventually {
                index += 1
                _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "poke\(index)", size: 1))
                return await fake.store.activeWatchers == 0
            }
            #expect(closed)
        }
    }

    @Test func shuttingTheClientDownEndsItsWatches() async throws {
        try await FakeKubernetes.run { _, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            let stream = try await client.watch(widgets, namespace: "ns1", options: WatchOptions())
            let recorder = await WatchRecorder.start(stream)
            client.shutdown()
            #expect(await recorder.waitUntilFinished())
            let error = await kubernetesError { _ = try await client.list(widgets, namespace: "ns1", options: ListOptions()) }
            #expect(error?.code == .cancelled)
        }
    }
}
