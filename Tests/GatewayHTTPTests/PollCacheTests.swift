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
        let build = { (body: Data(#"{"data":[\#(await builds.next())]}"#.utf8), successor: SuccessorTarget.namespace("runai-team-a")) }

        let first = try await cache.answer(for: "p1:team-a", build: build)
        let second = try await cache.answer(for: "p1:team-a", build: build)
        #expect(await builds.count == 1)
        #expect(second.tag == first.tag)
        #expect(second.tag == PollCache.tag(of: Data(#"{"data":[1]}"#.utf8)))
        #expect(second.successor == .namespace("runai-team-a"))

        // Another key is built on its own.
        _ = try await cache.answer(for: "p1:team-b", build: build)
        #expect(await builds.count == 2)

        changes.bump()
        let third = try await cache.answer(for: "p1:team-a", build: build)
        #expect(await builds.count == 3)
        #expect(third.tag != first.tag)
        #expect(third.tag == PollCache.tag(of: Data(#"{"data":[3]}"#.utf8)))
    }

    @Test func concurrentPollsOfAStaleAnswerShareOneBuild() async throws {
        let cache = PollCache(changes: ChangeCounter())
        let builds = Builds()
        let tags = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await cache.answer(for: "p1:team-a") {
                        let number = await builds.next()
                        await Task.yield()
                        return (Data(#"{"data":[\#(number)]}"#.utf8), .namespace("runai-team-a"))
                    }.tag
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        // The change count never moved, so whoever came after the first build either waited for
        // it or found it done.
        #expect(await builds.count == 1)
        #expect(tags == [PollCache.tag(of: Data(#"{"data":[1]}"#.utf8))])
    }

    @Test func aFailedBuildReachesItsCallersAndIsNotKept() async throws {
        struct Refused: Error {}
        let cache = PollCache(changes: ChangeCounter())
        let builds = Builds()
        let failures = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    do {
                        _ = try await cache.answer(for: "j1:team-a/missing") {
                            _ = await builds.next()
                            throw Refused()
                        }
                        return false
                    } catch {
                        return error is Refused
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 20)
        let before = await builds.count
        let entry = try await cache.answer(for: "j1:team-a/missing") {
            (Data("{}".utf8), .allNamespaces)
        }
        #expect(entry.successor == .allNamespaces)
        #expect(before >= 1)
    }

    @Test func tagsAreStrongQuotedAndFollowTheBody() {
        let tag = PollCache.tag(of: Data("{}".utf8))
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\""))
        #expect(tag.count == 26)
        #expect(tag == PollCache.tag(of: Data("{}".utf8)))
        #expect(tag != PollCache.tag(of: Data("[]".utf8)))
    }
}
