import EmbeddedCluster
import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct APIObjectTests {
    @Test func createAnswers201WithServerSetMetadataAndGetReadsItBack() async throws {
        try await withEmbeddedAPI { client, _ in
            let created = try await kubeCreate(client, kubeWorkload("demo"))
            #expect(created["apiVersion"] == "run.ai/v2alpha1")
            #expect(created[path: ["metadata", "namespace"]] == "ns1")
            #expect(created[path: ["metadata", "uid"]]?.stringValue?.isEmpty == false)
            #expect(created[path: ["metadata", "resourceVersion"]]?.stringValue?.isEmpty == false)
            #expect(created[path: ["metadata", "generation"]] == 1)
            #expect(created[path: ["metadata", "creationTimestamp"]]?.stringValue?.hasSuffix("Z") == true)

            let response = try await client.execute(uri: objectPath("demo"), method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(try responseJSON(response) == created)
        }
    }

    @Test func aSecondCreateWithTheSameNameIsAlreadyExists() async throws {
        try await withEmbeddedAPI { client, _ in
            try await kubeCreate(client, kubeWorkload("demo"))
            let response = try await client.execute(uri: collectionPath(), method: .post, body: requestBody(kubeWorkload("demo")))
            let status = try expectKubeStatus(response, 409, "AlreadyExists")
            #expect(status["message"] == #"inferenceworkloads.run.ai "demo" already exists"#)
            #expect(status["details"] == ["name": "demo", "group": "run.ai", "kind": "inferenceworkloads"])
        }
    }

    @Test func getOfAMissingObjectIsNotFound() async throws {
        try await withEmbeddedAPI { client, _ in
            let status = try expectKubeStatus(try await client.execute(uri: objectPath("ghost"), method: .get), 404, "NotFound")
            #expect(status["message"] == #"inferenceworkloads.run.ai "ghost" not found"#)
        }
    }

    @Test func anObjectCreatedInOneVersionIsServedInTheOther() async throws {
        try await withEmbeddedAPI { client, _ in
            try await kubeCreate(client, kubeWorkload("demo"))
            let old = try responseJSON(try await client.execute(uri: objectPath("demo", version: "v1alpha1"), method: .get))
            #expect(old["apiVersion"] == "run.ai/v1alpha1")
            #expect(old[path: ["metadata", "name"]] == "demo")
        }
    }

    @Test(arguments: [
        ("{not json", "BadRequest", 400),
        ("[1, 2]", "BadRequest", 400),
        (#"{"apiVersion":"run.ai/v1alpha1","kind":"InferenceWorkload","metadata":{"name":"x"}}"#, "BadRequest", 400),
        (#"{"apiVersion":"run.ai/v2alpha1","kind":"InferenceWorkload","metadata":{"name":"Not_A_Name"}}"#, "Invalid", 422),
    ])
    func badCreateBodiesAreRejectedAndWriteNothing(text: String, reason: String, code: Int) async throws {
        try await withEmbeddedAPI { client, _ in
            try expectKubeStatus(try await client.execute(uri: collectionPath(), method: .post, body: requestBody(text)), code, reason)
            let list = try responseJSON(try await client.execute(uri: collectionPath(), method: .get))
            #expect(list["items"] == [])
        }
    }

    @Test func createWithAYAMLContentTypeIsUnsupportedMediaType() async throws {
        try await withEmbeddedAPI { client, _ in
            let response = try await client.execute(
                uri: collectionPath(),
                method: .post,
                headers: contentType("application/yaml"),
                body: requestBody("metadata: {name: x}")
            )
            try expectKubeStatus(response, 415, "UnsupportedMediaType")
        }
    }

    @Test func strictFieldValidationRejectsUnknownFieldsAndWarnDropsThemWithAWarning() async throws {
        try await withEmbeddedAPI { client, _ in
            var object = kubeWorkload("demo")
            object["colour"] = "blue"
            let strict = try await client.execute(uri: collectionPath() + "?fieldValidation=Strict", method: .post, body: requestBody(object))
            let status = try expectKubeStatus(strict, 400, "BadRequest")
            #expect(status["message"]?.stringValue?.contains(#"unknown field "colour""#) == true)

            let warned = try await client.execute(uri: collectionPath() + "?fieldValidation=Warn", method: .post, body: requestBody(object))
            #expect(warned.status == .created)
            #expect(warned.headers[values: HTTPField.Name("Warning")!] == [#"299 - "unknown field \"colour\"""#])
            #expect(try responseJSON(warned)["colour"] == nil)

            let invalid = try await client.execute(uri: collectionPath() + "?fieldValidation=Loose", method: .post, body: requestBody(object))
            try expectKubeStatus(invalid, 400, "BadRequest")
        }
    }

    @Test func dryRunIsRefusedClearlyAndWritesNothing() async throws {
        try await withEmbeddedAPI { client, _ in
            let response = try await client.execute(uri: collectionPath() + "?dryRun=All", method: .post, body: requestBody(kubeWorkload("demo")))
            let status = try expectKubeStatus(response, 400, "BadRequest")
            #expect(status["message"]?.stringValue?.contains("dryRun=All is not supported") == true)
            try expectKubeStatus(try await client.execute(uri: objectPath("demo"), method: .get), 404, "NotFound")
        }
    }

    @Test func anOversizedBodyIsRequestEntityTooLarge() async throws {
        try await withEmbeddedAPI(configuration: .init(maximumBodySize: 1024)) { client, _ in
            var object = kubeWorkload("demo")
            object[path: ["spec", "padding"]] = .string(String(repeating: "x", count: 4096))
            try expectKubeStatus(
                try await client.execute(uri: collectionPath(), method: .post, body: requestBody(object)),
                413,
                "RequestEntityTooLarge"
            )
        }
    }

    @Test func replaceNeedsTheCurrentResourceVersion() async throws {
        try await withEmbeddedAPI { client, _ in
            let created = try await kubeCreate(client, kubeWorkload("demo"))
            var change = created
            change[path: ["spec", "minScale", "value"]] = 3

            var missing = change
            missing[path: ["metadata", "resourceVersion"]] = nil
            try expectKubeStatus(try await client.execute(uri: objectPath("demo"), method: .put, body: requestBody(missing)), 422, "Invalid")

            let replaced = try await client.execute(uri: objectPath("demo"), method: .put, body: requestBody(change))
            #expect(replaced.status == .ok)
            let stored = try responseJSON(replaced)
            #expect(stored[path: ["spec", "minScale", "value"]] == 3)
            #expect(stored[path: ["metadata", "generation"]] == 2)

            let stale = try await client.execute(uri: objectPath("demo"), method: .put, body: requestBody(change))
            let status = try expectKubeStatus(stale, 409, "Conflict")
            #expect(status["message"]?.stringValue?.hasPrefix(#"Operation cannot be fulfilled on inferenceworkloads.run.ai "demo""#) == true)

            try expectKubeStatus(
                try await client.execute(uri: objectPath("ghost"), method: .put, body: requestBody(kubeWorkload("ghost"))),
                404,
                "NotFound"
            )
        }
    }

    @Test func deleteAnswersASuccessStatusAndTheObjectIsGone() async throws {
        try await withEmbeddedAPI { client, _ in
            let created = try await kubeCreate(client, kubeWorkload("demo"))
            let response = try await client.execute(
                uri: objectPath("demo"),
                method: .delete,
                headers: contentType("application/json"),
                body: requestBody(#"{"propagationPolicy":"Background"}"#)
            )
            #expect(response.status == .ok)
            let status = try responseJSON(response)
            #expect(status["kind"] == "Status")
            #expect(status["status"] == "Success")
            #expect(status[path: ["details", "uid"]] == created[path: ["metadata", "uid"]])
            try expectKubeStatus(try await client.execute(uri: objectPath("demo"), method: .get), 404, "NotFound")
            try expectKubeStatus(try await client.execute(uri: objectPath("demo"), method: .delete), 404, "NotFound")
        }
    }

    @Test func deleteWithFinalizersMarksTheObjectAndRemovingThemRemovesIt() async throws {
        try await withEmbeddedAPI { client, _ in
            var object = kubeWorkload("demo")
            object[path: ["metadata", "finalizers"]] = ["example.com/hold"]
            try await kubeCreate(client, object)

            let marked = try await client.execute(uri: objectPath("demo"), method: .delete)
            #expect(marked.status == .ok)
            let terminating = try responseJSON(marked)
            #expect(terminating["kind"] == "InferenceWorkload")
            #expect(terminating[path: ["metadata", "deletionTimestamp"]] != nil)

            let release = try await client.execute(
                uri: objectPath("demo"),
                method: .patch,
                headers: contentType("application/merge-patch+json"),
                body: requestBody(#"{"metadata":{"finalizers":null}}"#)
            )
            #expect(release.status == .ok)
            try expectKubeStatus(try await client.execute(uri: objectPath("demo"), method: .get), 404, "NotFound")
        }
    }

    @Test(arguments: ["{not json", "[]", #"{"propagationPolicy":"Sometimes"}"#, #"{"dryRun":["All"]}"#])
    func badDeleteOptionsAreBadRequestAndDeleteNothing(text: String) async throws {
        try await withEmbeddedAPI { client, _ in
            try await kubeCreate(client, kubeWorkload("demo"))
            try expectKubeStatus(try await client.execute(uri: objectPath("demo"), method: .delete, body: requestBody(text)), 400, "BadRequest")
            #expect(try await client.execute(uri: objectPath("demo"), method: .get).status == .ok)
        }
    }
}
