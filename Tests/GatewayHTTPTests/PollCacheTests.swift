import Foundation
import GatewayPersistence
import Testing

@testable import GatewayHTTP

@Suite struct PollCacheTests {
    actor Builds {
        var count = 0
        func next() -> Int {
            count += 1
            return count
        }
    }

    @Test func aPollReusesTheEncodedBodyUntilAWorkloadChanges() async throws {
        let changes = ChangeCounter()
        let cache = PollCache(changes: changes)
        let builds = Builds()
        let build = { Data(#"{"data":[\#(await builds.next())]}"#.utf8) }

        let first = try await cache.answer(for: "p1:team-a", build: build)
        let second = try await cache.answer(for: "p1:team-a", build: build)
        #expect(await builds.count == 1)
        #expect(second.tag == first.tag)
        #expect(second.tag == PollCache.tag(of: Data(#"{"data":[1]}"#.utf8)))

        // Another key is built on its own.
        _ = try await cache.answer(for: "p1:team-b", build: build)
        #expect(await builds.count == 2)

        changes.bump()
        let third = try await cache.answer(for: "p1:team-a", build: build)
        #expect(await builds.count == 3)
        #expect(third.tag != first.tag)
        #expect(third.tag == PollCache.tag(of: Data(#"{"data":[3]}"#.utf8)))
    }

    @Test func tagsAreStrongQuotedAndFollowTheBody() {
        let tag = PollCache.tag(of: Data("{}".utf8))
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\""))
        #expect(tag.count == 26)
        #expect(tag == PollCache.tag(of: Data("{}".utf8)))
        #expect(tag != PollCache.tag(of: Data("[]".utf8)))
    }
}
