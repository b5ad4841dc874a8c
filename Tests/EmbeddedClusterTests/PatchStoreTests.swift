import Foundation
import GatewayCore
import Testing

@testable import EmbeddedCluster

@Suite(.timeLimit(.minutes(1)))
struct PatchStoreTests {
    @Test func mergePatchChangesTheSpecAndBumpsGeneration() async throws {
        let store = try makeStore()
        let created = try await store.create(namespace: "ns1", object: workload("demo"))
        let result = try await store.patch(
            namespace: "ns1",
            name: "demo",
            type: .merge,
            body: Data(#"{"metadata":{"labels":{"tier":"gold"}},"spec":{"maxScale":{"value":2}}}"#.utf8)
        )
        #expect(!result.created)
        #expect(result.object[path: ["spec", "maxScale", "value"]] == 2)
        #expect(result.object[path: ["metadata", "labels", "tier"]] == "gold")
        #expect(result.object.generation == 2)
        let labelsOnly = try await store.patch(
            namespace: "ns1",
            name: "demo",
            type: .merge,
            body: Data(#"{"metadata":{"labels":{"tier":"silver"}}}"#.utf8)
        )
        #expect(labelsOnly.object.generation == 2)
        #expect(created.resourceVersion != labelsOnly.object.resourceVersion)
    }

    @Test func aStaleResourceVersionInAPatchIsAConflict() async throws {
        let store = try makeStore()
        _ = try await store.create(namespace: "ns1", object: workload("demo"))
        await expectStatus(409, "Conflict") {
            _ = try await store.patch(
                namespace: "ns1",
                name: "demo",
                type: .merge,
                body: Data(#"{"metadata":{"resourceVersion":"1"},"spec":{"a":1}}"#.utf8)
            )
        }
    }

    @Test func badPatchesAreClearErrorsAndChangeNothing() async throws {
        let store = try makeStore()
        let created = try await store.create(namespace: "ns1", object: workload("demo"))
        await expectStatus(400, "BadRequest") {
            _ = try await store.patch(namespace: "ns1", name: "demo", type: .merge, body: Data("{not json".utf8))
        }
        let failedTest = await expectStatus(422, "Invalid") {
            _ = try await store.patch(
                namespace: "ns1",
                name: "demo",
                type: .json,
                body: Data(#"[{"op":"test","path":"/spec/gpu/value","value":"2"}]"#.utf8)
            )
        }
        #expect(failedTest?.message == "testing value /spec/gpu/value failed: test failed")
        await expectStatus(400, "BadRequest") {
            _ = try await store.patch(namespace: "ns1", name: "demo", type: .merge, body: Data(#"{"metadata":{"name":"other"}}"#.utf8))
        }
        await expectStatus(422, "Invalid") {
            _ = try await store.patch(
                namespace: "ns1",
                name: "demo",
                type: .merge,
                body: Data(#"{"metadata":{"labels":{"a":"b c"}}}"#.utf8)
            )
        }
        await expectStatus(404, "NotFound") {
            _ = try await store.patch(namespace: "ns1", name: "nope", type: .merge, body: Data("{}".utf8))
        }
        #expect(try await store.get(namespace: "ns1", name: "demo") == created)
    }

    @Test func serverSideApplyCreatesThenUpdatesAndIsIdempotent() async throws {
        let store = try makeStore()
        let body = workload("demo").compactData
        let first = try await store.patch(
            namespace: "ns1",
            name: "demo",
            type: .apply(fieldManager: "gateway", force: false),
            body: body
        )
        #expect(first.created)
        #expect(first.object.generation == 1)
        let managers = first.object[path: ["metadata", "managedFields"]]?.arrayValue ?? []
        #expect(managers.count == 1)
        #expect(managers.first?["manager"] == "gateway")
        #expect(managers.first?["operation"] == "Apply")
        #expect(managers.first?[path: ["fieldsV1", "f:spec", "f:image", "f:value"]] == [:])
        let again = try await store.patch(
            namespace: "ns1",
            name: "demo",
            type: .apply(fieldManager: "gateway", force: false),
            body: body
        )
        #expect(!again.created)
        #expect(again.object.resourceVersion == first.object.resourceVersion)
    }

    @Test func serverSideApplyAcceptsYAML() async throws {
        let store = try makeStore()
        let yaml = """
            apiVersion: run.ai/v2alpha1
            kind: InferenceWorkload
            metadata:
              name: demo
              labels:
                app: demo
            spec:
              image:
                value: nginx
              minScale:
                value: 1
              gpu:
                value: "0.5"
            """
        let result = try await store.patch(
            namespace: "ns1",
            name: "demo",
            type: .apply(fieldManager: "kubectl", force: false),
            body: Data(yaml.utf8)
        )
        #expect(result.object[path: ["spec", "minScale", "value"]] == 1)
        #expect(result.object[path: ["spec", "gpu", "value"]] == "0.5")
        #expect(result.object[path: ["metadata", "labels", "app"]] == "demo")
    }

    @Test func serverSideApplyConflictsWithAnotherManagerUnlessForced() async throws {
        let store = try makeStore()
        _ = try await store.create(namespace: "ns1", object: workload("demo"), fieldManager: "kubectl-create")
        var change = workload("demo")
        change[path: ["spec", "maxScale", "value"]] = 5
        let conflict = await expectStatus(409, "Conflict") {
            _ = try await store.patch(
                namespace: "ns1",
                name: "demo",
                type: .apply(fieldManager: "gateway", force: false),
                body: change.compactData
            )
        }
        #expect(conflict?.message == #"Apply failed with 1 conflict: conflict with "kubectl-create" using run.ai/v2alpha1: .spec.maxScale.value"#)
        #expect(conflict?.details?.causes.first?.reason == "FieldManagerConflict")
        let forced = try await store.patch(
            namespace: "ns1",
            name: "demo",
            type: .apply(fieldManager: "gateway", force: true),
            body: change.compactData
        )
        #expect(forced.object[path: ["spec", "maxScale", "value"]] == 5)
        let owners = forced.object[path: ["metadata", "managedFields"]]?.arrayValue ?? []
        let creator = owners.first { $0["manager"] == "kubectl-create" }
        #expect(creator?[path: ["fieldsV1", "f:spec", "f:maxScale"]] == nil)
    }

    @Test func serverSideApplyToStatusChangesOnlyStatus() async throws {
        let store = try makeStore()
        _ = try await store.create(namespace: "ns1", object: workload("demo"))
        var applied = workload("demo")
        applied["status"] = ["phase": "Running"]
        applied[path: ["spec", "image", "value"]] = "ignored"
        let result = try await store.patch(
            namespace: "ns1",
            name: "demo",
            type: .apply(fieldManager: "operator", force: false),
            body: applied.compactData,
            subresource: .status
        )
        #expect(result.object["status"] == ["phase": "Running"])
        #expect(result.object[path: ["spec", "image", "value"]] == "nginx")
        await expectStatus(404, "NotFound") {
            _ = try await store.patch(
                namespace: "ns1",
                name: "nope",
                type: .apply(fieldManager: "operator", force: false),
                body: workload("nope").compactData,
                subresource: .status
            )
        }
    }

    @Test func serverSideApplyRemovesFieldsTheManagerNoLongerApplies() async throws {
        let store = try makeStore()
        var withLabel = workload("demo", labels: ["a": "1", "b": "2"])
        _ = try await store.patch(
            namespace: "ns1",
            name: "demo",
            type: .apply(fieldManager: "gateway", force: false),
            body: withLabel.compactData
        )
        withLabel[path: ["metadata", "labels"]] = ["a": "1"]
        let result = try await store.patch(
            namespace: "ns1",
            name: "demo",
            type: .apply(fieldManager: "gateway", force: false),
            body: withLabel.compactData
        )
        #expect(result.object[path: ["metadata", "labels"]] == ["a": "1"])
    }
}
