import Foundation
import GatewayCore
import NIOCore
import Testing

@testable import EmbeddedCluster

/// Every watch of a change writes the same bytes, encoded once.
@Suite struct WatchFrameCacheTests {
    static func object(_ name: String, resourceVersion: String) -> JSONValue {
        ["kind": "InferenceWorkload", "metadata": ["name": .string(name), "resourceVersion": .string(resourceVersion)]]
    }

    @Test func aChangeIsEncodedOnceAndWrittenAsTheFrameLine() {
        let cache = WatchFrameCache()
        let event = WatchEvent.modified(Self.object("inf1", resourceVersion: "7"))
        let first = cache.line(for: event, apiVersion: "run.ai/v2alpha1")
        let second = cache.line(for: event, apiVersion: "run.ai/v2alpha1")
        #expect(first == second)
        #expect(cache.count == 1, "the second watch reused the first one's line")
        var expected = event.frame(apiVersion: "run.ai/v2alpha1").compactData
        expected.append(0x0A)
        #expect(Data(first.readableBytesView) == expected, "the same bytes as encoding it directly")

        _ = cache.line(for: event, apiVersion: "run.ai/v1alpha1")
        _ = cache.line(for: .deleted(Self.object("inf1", resourceVersion: "7")), apiVersion: "run.ai/v2alpha1")
        #expect(cache.count == 3, "another version or type is another line")
        _ = cache.line(for: .bookmark(resourceVersion: "7", initialEventsEnd: false), apiVersion: "run.ai/v2alpha1")
        #expect(cache.count == 3, "bookmarks are per watch and not kept")
    }

    @Test func theOldestLinesGoFirst() {
        let cache = WatchFrameCache(capacity: 4)
        for version in 1...10 {
            _ = cache.line(for: .added(Self.object("inf\(version)", resourceVersion: "\(version)")), apiVersion: "run.ai/v2alpha1")
        }
        #expect(cache.count == 4)
    }
}
