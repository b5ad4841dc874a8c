import EmbeddedCluster
import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct APIPatchTests {
    @Test func mergePatchChangesTheSpecAndBumpsTheGeneration() async throws {
        try await withEmbeddedAPI { client, _ in
            try await kubeCreate(client, kubeWorkload("demo"))
            let response = try await client.execute(
                uri: objectPath("demo") + "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict",
                method: .patch,
                headers: contentType("application/merge-patch+json"),
                body: requestBody(#"{"spec":{"minScale":{"value":2}}}"#)
            )
            #expect(response.status == .ok)
            let patched = try responseJSON(response)
            #expect(patched[path: ["spec", "minScale", "value"]] == 2)
            #expect(patched[path: ["spec", "image", "value"]] == "nginx:1.27")
            #expect(patched[path: ["metadata", "generation"]] == 2)
        }
    }

    @Test func jsonPatchAppliesOperationsInOrderAndAFailedTestIsInvalid() async throws {
        try await withEmbeddedAPI { client, _ in
            try await kubeCreate(client, kubeWorkload("demo"))
            let ops = #"[{"op":"replace","path":"/spec/minScale/value","value":4},{"op":"add","path":"/metadata/labels","value":{"tier":"gold"}}]"#
            let response = try await client.execute(
                uri: objectPath("demo"),
                method: .patch,
                headers: contentType("application/json-patch+json"),
                body: requestBody(ops)
            )
            #expect(response.status == .ok)
            let patched = try responseJSON(response)
            #expect(patched[path: ["spec", "minScale", "value"]] == 4)
            #expect(patched[path: ["metadata", "labels", "tier"]] == "gold")

            let failing = #"[{"op":"test","path":"/spec/minScale/value","value":99}]"#
            let refused = try await client.execute(
                uri: objectPath("demo"),
                method: .patch,
                headers: contentType("application/json-patch+json"),
                body: requestBody(failing)
            )
            #expect(refused.status.code >= 400 && refused.status.code < 500)
            #expect(try responseJSON(refused)["kind"] == "Status")
        }
    }

    @Test func strategicMergePatchIsUnsupportedMediaTypeAsForAnyCustomResource() async throws {
        try await withEmbeddedAPI { client, _ in
            try await kubeCreate(client, kubeWorkload("demo"))
            let response = try await client.execute(
                uri: objectPath("demo"),
                method: .patch,
                headers: contentType("application/strategic-merge-patch+json"),
                body: requestBody(#"{"spec":{}}"#)
            )
            let status = try expectKubeStatus(response, 415, "UnsupportedMediaType")
            #expect(status["message"]?.stringValue?.contains("application/merge-patch+json") == true)
        }
    }

    @Test func serverSideApplyCreatesThenUpdatesFromYAMLOrJSON() async throws {
        try await withEmbeddedAPI { client, _ in
            let yaml = """
                apiVersion: run.ai/v2alpha1
                kind: InferenceWorkload
                metadata:
                  name: applied
                spec:
                  image:
                    value: nginx:1.27
                """
            let first = try await client.execute(
                uri: objectPath("applied") + "?fieldManager=kubectl&fieldValidation=Strict&force=false",
                method: .patch,
                headers: contentType("application/apply-patch+yaml"),
                body: requestBody(yaml)
            )
            #expect(first.status == .created)
            #expect(try responseJSON(first)[path: ["spec", "image", "value"]] == "nginx:1.27")

            let change: JSONValue = [
                "apiVersion": "run.ai/v2alpha1", "kind": "InferenceWorkload", "metadata": ["name": "applied"],
                "spec": ["image": ["value": "nginx:1.28"]],
            ]
            let second = try await client.execute(
                uri: objectPath("applied") + "?fieldManager=kubectl&force=true",
                method: .patch,
                headers: contentType("application/apply-patch+yaml"),
                body: requestBody(change)
            )
            #expect(second.status == .ok)
            #expect(try responseJSON(second)[path: ["spec", "image", "value"]] == "nginx:1.28")
        }
    }

    @Test func serverSideApplyWithoutAFieldManagerIsInvalid() async throws {
        try await withEmbeddedAPI { client, _ in
            let response = try await client.execute(
                uri: objectPath("applied"),
                method: .patch,
                headers: contentType("application/apply-patch+yaml"),
                body: requestBody(kubeWorkload("applied"))
            )
            let status = try expectKubeStatus(response, 422, "Invalid")
            #expect(status["details"]?["causes"]?[0]?["field"] == "fieldManager")
        }
    }

    @Test func mergePatchOfAMissingObjectIsNotFoundAndMalformedPatchesAreBadRequest() async throws {
        try await withEmbeddedAPI { client, _ in
            let missing = try await client.execute(
                uri: objectPath("ghost"),
                method: .patch,
                headers: contentType("application/merge-patch+json"),
                body: requestBody("{}")
            )
            try expectKubeStatus(missing, 404, "NotFound")

            try await kubeCreate(client, kubeWorkload("demo"))
            let malformed = try await client.execute(
                uri: objectPath("demo"),
                method: .patch,
                headers: contentType("application/merge-patch+json"),
                body: requestBody("{oops")
            )
            try expectKubeStatus(malformed, 400, "BadRequest")
        }
    }

    @Test func aStaleResourceVersionInAPatchIsAConflict() async throws {
        try await withEmbeddedAPI { client, _ in
            let created = try await kubeCreate(client, kubeWorkload("demo"))
            let current = try #require(created[path: ["metadata", "resourceVersion"]]?.stringValue)
            _ = try await client.execute(
                uri: objectPath("demo"),
                method: .patch,
                headers: contentType("application/merge-patch+json"),
                body: requestBody(#"{"spec":{"minScale":{"value":2}}}"#)
            )
            let stale = try await client.execute(
                uri: objectPath("demo"),
                method: .patch,
                headers: contentType("application/merge-patch+json"),
                body: requestBody(#"{"metadata":{"resourceVersion":"\#(current)"},"spec":{"minScale":{"value":3}}}"#)
            )
            try expectKubeStatus(stale, 409, "Conflict")
        }
    }

    @Test func theStatusSubresourceWritesOnlyStatusAndTheMainResourceKeepsIt() async throws {
        try await withEmbeddedAPI { client, _ in
            try await kubeCreate(client, kubeWorkload("demo"))
            let statusPatch = try await client.execute(
                uri: objectPath("demo") + "/status",
                method: .patch,
                headers: contentType("application/merge-patch+json"),
                body: requestBody(#"{"status":{"phase":"Running"},"spec":{"minScale":{"value":9}}}"#)
            )
            #expect(statusPatch.status == .ok)
            let afterStatus = try responseJSON(statusPatch)
            #expect(afterStatus[path: ["status", "phase"]] == "Running")
            #expect(afterStatus[path: ["spec", "minScale", "value"]] == 1)

            let read = try responseJSON(try await client.execute(uri: objectPath("demo") + "/status", method: .get))
            #expect(read[path: ["status", "phase"]] == "Running")

            let mainPatch = try await client.execute(
                uri: objectPath("demo"),
                method: .patch,
                headers: contentType("application/merge-patch+json"),
                body: requestBody(#"{"status":{"phase":"Failed"},"spec":{"minScale":{"value":2}}}"#)
            )
            let afterMain = try responseJSON(mainPatch)
            #expect(afterMain[path: ["status", "phase"]] == "Running")
            #expect(afterMain[path: ["spec", "minScale", "value"]] == 2)
        }
    }
}
