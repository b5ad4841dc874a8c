import Foundation
import GatewayCore
import Testing

@testable import EmbeddedCluster

@Suite(.timeLimit(.minutes(1)))
struct StoreCRUDTests {
    @Test func createFillsServerSetMetadataAndDropsStatus() async throws {
        let store = try makeStore(now: { Date(timeIntervalSince1970: 1_767_225_600.75) })
        var body = workload("demo")
        body["status"] = ["phase": "Running"]
        let created = try await store.create(namespace: "ns1", object: body)
        #expect(created[path: ["metadata", "namespace"]] == "ns1")
        #expect(created.generation == 1)
        #expect(created[path: ["metadata", "creationTimestamp"]] == "2026-01-01T00:00:00Z")
        let uid = try #require(created[path: ["metadata", "uid"]]?.stringValue)
        #expect(UUID(uuidString: uid) != nil)
        #expect(created["status"] == nil)
        #expect(Int(try #require(created.resourceVersion)) != nil)
        #expect(try await store.get(namespace: "ns1", name: "demo") == created)
    }

    @Test func resourceVersionIsAGlobalCounter() async throws {
        let store = try makeStore()
        let first = try await store.create(namespace: "a", object: workload("one"))
        let second = try await store.create(namespace: "b", object: workload("two"))
        let one = try #require(Int64(first.resourceVersion ?? ""))
        #expect(second.resourceVersion == String(one + 1))
        #expect(try await store.currentResourceVersion() == second.resourceVersion)
    }

    @Test func duplicateCreateIsAlreadyExistsWithTheApiserverMessage() async throws {
        let store = try makeStore()
        _ = try await store.create(namespace: "ns1", object: workload("demo"))
        let error = await expectStatus(409, "AlreadyExists") { _ = try await store.create(namespace: "ns1", object: workload("demo")) }
        #expect(error?.message == #"inferenceworkloads.run.ai "demo" already exists"#)
        let details: JSONValue = ["name": "demo", "group": "run.ai", "kind": "inferenceworkloads"]
        #expect(error?.statusObject["details"] == details)
    }

    @Test func getOfAMissingObjectIsNotFound() async throws {
        let store = try makeStore()
        let error = await expectStatus(404, "NotFound") { _ = try await store.get(namespace: "ns1", name: "nope") }
        #expect(error?.message == #"inferenceworkloads.run.ai "nope" not found"#)
        let expected: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": #"inferenceworkloads.run.ai "nope" not found"#, "reason": "NotFound",
            "details": ["name": "nope", "group": "run.ai", "kind": "inferenceworkloads"], "code": 404,
        ]
        #expect(error?.statusObject == expected)
    }

    @Test func createRejectsBadInputAndWritesNothing() async throws {
        let store = try makeStore()
        let before = try await store.currentResourceVersion()
        var withVersion = workload("demo")
        withVersion[path: ["metadata", "resourceVersion"]] = "5"
        await expectStatus(400, "BadRequest") { _ = try await store.create(namespace: "ns1", object: withVersion) }
        await expectStatus(400, "BadRequest") { _ = try await store.create(namespace: "ns1", object: workload("demo", namespace: "other")) }
        let invalid = await expectStatus(422, "Invalid") { _ = try await store.create(namespace: "ns1", object: workload("Bad_Name")) }
        #expect(invalid?.details?.causes.first?.field == "metadata.name")
        #expect(
            invalid?.message.hasPrefix(
                #"InferenceWorkload.run.ai "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain"#
            ) == true
        )
        let badLabel = await expectStatus(422, "Invalid") {
            _ = try await store.create(namespace: "ns1", object: workload("demo", labels: ["app": "has space"]))
        }
        #expect(badLabel?.details?.causes.first?.field == "metadata.labels")
        await expectStatus(400, "BadRequest") { _ = try await store.create(namespace: "ns1", object: ["kind": "Pod"]) }
        await expectStatus(400, "BadRequest") { _ = try await store.create(namespace: "ns1", object: [1, 2]) }
        let unnamed = await expectStatus(422, "Invalid") { _ = try await store.create(namespace: "ns1", object: ["spec": [:]]) }
        #expect(unnamed?.details?.causes == [KubeStatusError.requiredValue("metadata.name", "name or generateName is required")])
        #expect(try await store.currentResourceVersion() == before)
        #expect(try await store.list(namespace: nil).items.isEmpty)
    }

    @Test func generateNameAppendsFiveCharacters() async throws {
        let store = try makeStore()
        let created = try await store.create(namespace: "ns1", object: ["metadata": ["generateName": "job-"], "spec": [:]])
        let name = try #require(created.name)
        #expect(name.hasPrefix("job-"))
        #expect(name.count == 9)
    }

    @Test func replaceNeedsTheCurrentResourceVersion() async throws {
        let store = try makeStore()
        let created = try await store.create(namespace: "ns1", object: workload("demo"))
        var update = workload("demo", maxScale: 3)
        let missing = await expectStatus(422, "Invalid") { _ = try await store.replace(namespace: "ns1", name: "demo", object: update) }
        #expect(
            missing?.message
                == #"InferenceWorkload.run.ai "demo" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update"#
        )
        update[path: ["metadata", "resourceVersion"]] = "1"
        let conflict = await expectStatus(409, "Conflict") { _ = try await store.replace(namespace: "ns1", name: "demo", object: update) }
        #expect(
            conflict?.message
                == #"Operation cannot be fulfilled on inferenceworkloads.run.ai "demo": the object has been modified; please apply your changes to the latest version and try again"#
        )
        update[path: ["metadata", "resourceVersion"]] = created[path: ["metadata", "resourceVersion"]]
        let replaced = try await store.replace(namespace: "ns1", name: "demo", object: update)
        #expect(replaced.generation == 2)
        #expect(replaced[path: ["spec", "maxScale", "value"]] == 3)
        #expect(replaced[path: ["metadata", "uid"]] == created[path: ["metadata", "uid"]])
        #expect(replaced[path: ["metadata", "creationTimestamp"]] == created[path: ["metadata", "creationTimestamp"]])
        #expect(replaced.resourceVersion != created.resourceVersion)
        await expectStatus(404, "NotFound") { _ = try await store.replace(namespace: "ns1", name: "other", object: workload("other")) }
        await expectStatus(400, "BadRequest") { _ = try await store.replace(namespace: "ns1", name: "demo", object: workload("renamed")) }
    }

    @Test func aNoOpWriteKeepsTheResourceVersionAndEmitsNothing() async throws {
        let store = try makeStore()
        let created = try await store.create(namespace: "ns1", object: workload("demo"))
        let watch = try await store.watch(WatchRequest(namespace: "ns1", resourceVersion: created.resourceVersion))
        let same = try await store.replace(namespace: "ns1", name: "demo", object: created)
        #expect(same == created)
        let patched = try await store.patch(
            namespace: "ns1",
            name: "demo",
            type: .merge,
            body: Data(#"{"spec":{"maxScale":{"value":1}}}"#.utf8)
        )
        #expect(patched.object.resourceVersion == created.resourceVersion)
        _ = try await store.patch(namespace: "ns1", name: "demo", type: .merge, body: Data(#"{"spec":{"maxScale":{"value":2}}}"#.utf8))
        var iterator = watch.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first?.type == "MODIFIED")
        #expect(first?.resourceVersion == String(Int64(created.resourceVersion ?? "0")! + 1))
        watch.stop()
    }

    @Test func statusIsASubresource() async throws {
        let store = try makeStore()
        let created = try await store.create(namespace: "ns1", object: workload("demo"))
        var withStatus = created
        withStatus["status"] = ["phase": "Running"]
        withStatus[path: ["metadata", "labels"]] = ["ignored": "yes"]
        let updated = try await store.replace(namespace: "ns1", name: "demo", object: withStatus, subresource: .status)
        #expect(updated["status"] == ["phase": "Running"])
        #expect(updated[path: ["metadata", "labels"]] == nil)
        #expect(updated.generation == 1)
        var mainWrite = updated
        mainWrite["status"] = ["phase": "Failed"]
        mainWrite[path: ["spec", "maxScale", "value"]] = 4
        let afterMain = try await store.replace(namespace: "ns1", name: "demo", object: mainWrite)
        #expect(afterMain["status"] == ["phase": "Running"])
        #expect(afterMain.generation == 2)
        let statusPatch = try await store.patch(
            namespace: "ns1",
            name: "demo",
            type: .merge,
            body: Data(#"{"status":{"replicas":2},"spec":{"x":1}}"#.utf8),
            subresource: .status
        )
        #expect(statusPatch.object["status"] == ["phase": "Running", "replicas": 2])
        #expect(statusPatch.object[path: ["spec", "x"]] == nil)
        let notAnObject = await expectStatus(422, "Invalid") {
            _ = try await store.patch(
                namespace: "ns1",
                name: "demo",
                type: .merge,
                body: Data(#"{"status":"ready"}"#.utf8),
                subresource: .status
            )
        }
        #expect(notAnObject?.details?.causes.map(\.field) == ["status"])
    }

    @Test func deleteWithoutFinalizersRemovesTheObject() async throws {
        let store = try makeStore()
        let created = try await store.create(namespace: "ns1", object: workload("demo"))
        let result = try await store.delete(namespace: "ns1", name: "demo")
        guard case .deleted(let last) = result else {
            Issue.record("expected the object to be deleted, got \(result)")
            return
        }
        #expect(last[path: ["metadata", "uid"]] == created[path: ["metadata", "uid"]])
        #expect(
            KubeStatusError.deleteSuccess(name: "demo", uid: created[path: ["metadata", "uid"]]?.stringValue)["status"] == "Success"
        )
        await expectStatus(404, "NotFound") { _ = try await store.get(namespace: "ns1", name: "demo") }
        await expectStatus(404, "NotFound") { _ = try await store.delete(namespace: "ns1", name: "demo") }
    }

    @Test func deleteWithFinalizersWaitsUntilTheyAreRemoved() async throws {
        let store = try makeStore()
        let created = try await store.create(namespace: "ns1", object: workload("demo", finalizers: ["example.com/keep"]))
        let watch = try await store.watch(WatchRequest(namespace: "ns1", resourceVersion: created.resourceVersion))
        guard case .terminating(let terminating) = try await store.delete(namespace: "ns1", name: "demo") else {
            Issue.record("expected the object to stay while it has finalizers")
            return
        }
        #expect(terminating[path: ["metadata", "deletionTimestamp"]]?.stringValue != nil)
        #expect(terminating[path: ["metadata", "deletionGracePeriodSeconds"]] == 0)
        #expect(terminating.generation == 2)
        guard case .terminating(let again) = try await store.delete(namespace: "ns1", name: "demo") else {
            Issue.record("a second delete must leave the object terminating")
            return
        }
        #expect(again == terminating)
        var addFinalizer = terminating
        addFinalizer[path: ["metadata", "finalizers"]] = ["example.com/keep", "example.com/more"]
        await expectStatus(422, "Invalid") { _ = try await store.replace(namespace: "ns1", name: "demo", object: addFinalizer) }
        let removed = try await store.patch(
            namespace: "ns1",
            name: "demo",
            type: .json,
            body: Data(#"[{"op":"remove","path":"/metadata/finalizers"}]"#.utf8)
        )
        #expect(removed.object[path: ["metadata", "finalizers"]] == nil)
        await expectStatus(404, "NotFound") { _ = try await store.get(namespace: "ns1", name: "demo") }
        var iterator = watch.makeAsyncIterator()
        let events = await nextEvents(&iterator, 2)
        #expect(events.map(\.type) == ["MODIFIED", "DELETED"])
        #expect(events.last?.resourceVersion == removed.object.resourceVersion)
        watch.stop()
    }

    @Test func deletePreconditionsAreChecked() async throws {
        let store = try makeStore()
        _ = try await store.create(namespace: "ns1", object: workload("demo"))
        let error = await expectStatus(409, "Conflict") {
            _ = try await store.delete(namespace: "ns1", name: "demo", preconditions: DeletePreconditions(uid: "other"))
        }
        #expect(error?.message.contains("Precondition failed: UID in precondition: other") == true)
        await expectStatus(409, "Conflict") {
            _ = try await store.delete(namespace: "ns1", name: "demo", preconditions: DeletePreconditions(resourceVersion: "1"))
        }
        _ = try await store.get(namespace: "ns1", name: "demo")
    }
}
