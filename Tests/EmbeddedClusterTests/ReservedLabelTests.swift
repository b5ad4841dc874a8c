import EmbeddedCluster
import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The managed-by label marks the objects the gateway's status sync follows: a user confined to
/// some namespaces may neither set it nor change or remove it, whatever the verb.
@Suite struct ReservedLabelTests {
    /// Token `alice` is confined to `team-a`; token `gateway` is the gateway's own client.
    static let access = KubeAccess { request in
        switch request.bearerToken {
        case "gateway": return .allowTrusted
        case "alice": return request.isDiscovery || request.namespace == "team-a" ? .allow : .forbidden(user: "alice")
        default: return .unauthenticated
        }
    }

    static func bearer(_ token: String, contentType: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(token)"]
        if let contentType { fields[.contentType] = contentType }
        return fields
    }

    static let forged: JSONValue = [TranslationOptions.managedByLabel: "inference-gateway", "project": "team-b"]

    @Test func aConfinedUserCannotCreateAnObjectThatLooksLikeTheGateways() async throws {
        try await withEmbeddedAPI(access: Self.access) { client, store in
            for (method, headers, body) in [
                (HTTPRequest.Method.post, Self.bearer("alice"), requestBody(kubeWorkload("served", labels: Self.forged))),
                (
                    .patch, Self.bearer("alice", contentType: "application/apply-patch+yaml"),
                    requestBody(kubeWorkload("served", labels: Self.forged))
                ),
            ] {
                let uri = method == .post ? collectionPath("team-a") : objectPath("served", namespace: "team-a") + "?fieldManager=alice"
                let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
                let status = try expectKubeStatus(response, 422, "Invalid")
                let cause = try #require(status["details"]?["causes"]?[0])
                #expect(cause["field"]?.stringValue == "metadata.labels[app.kubernetes.io/managed-by]")
                #expect(cause["reason"]?.stringValue == "FieldValueForbidden")
            }
            // Nothing was written.
            #expect(try await store.list(namespace: "team-a").items.isEmpty)
        }
    }

    @Test func aConfinedUserCannotAddChangeOrRemoveTheLabelOnAnExistingObject() async throws {
        try await withEmbeddedAPI(access: Self.access) { client, store in
            let plain = try await client.execute(
                uri: collectionPath("team-a"),
                method: .post,
                headers: Self.bearer("alice"),
                body: requestBody(kubeWorkload("plain"))
            )
            #expect(plain.status == .created)
            let managed = try await client.execute(
                uri: collectionPath("team-a"),
                method: .post,
                headers: Self.bearer("gateway"),
                body: requestBody(kubeWorkload("managed", labels: [TranslationOptions.managedByLabel: "inference-gateway"]))
            )
            #expect(managed.status == .created)

            let merge = "application/merge-patch+json"
            let attempts: [(String, String)] = [
                ("plain", #"{"metadata":{"labels":{"app.kubernetes.io/managed-by":"inference-gateway"}}}"#),
                ("managed", #"{"metadata":{"labels":{"app.kubernetes.io/managed-by":"someone-else"}}}"#),
                ("managed", #"{"metadata":{"labels":{"app.kubernetes.io/managed-by":null}}}"#),
            ]
            for (name, patch) in attempts {
                let response = try await client.execute(
                    uri: objectPath(name, namespace: "team-a"),
                    method: .patch,
                    headers: Self.bearer("alice", contentType: merge),
                    body: requestBody(patch)
                )
                try expectKubeStatus(response, 422, "Invalid")
            }
            let stored = try await store.get(namespace: "team-a", name: "managed")
            #expect(stored[path: ["metadata", "labels", TranslationOptions.managedByLabel]] == "inference-gateway")
            #expect(try await store.get(namespace: "team-a", name: "plain")[path: ["metadata", "labels"]] == nil)

            // Other edits by the same user still work, and keep the label as it is.
            let edit = try await client.execute(
                uri: objectPath("managed", namespace: "team-a"),
                method: .patch,
                headers: Self.bearer("alice", contentType: merge),
                body: requestBody(#"{"metadata":{"annotations":{"note":"mine"}}}"#)
            )
            #expect(edit.status == .ok)
        }
    }

    @Test func theGatewayItselfMaySetTheLabel() async throws {
        try await withEmbeddedAPI(access: Self.access) { client, store in
            let response = try await client.execute(
                uri: objectPath("served", namespace: "team-a") + "?fieldManager=inference-gateway&force=true",
                method: .patch,
                headers: Self.bearer("gateway", contentType: "application/apply-patch+yaml"),
                body: requestBody(kubeWorkload("served", labels: Self.forged))
            )
            #expect(response.status == .created)
            let stored = try await store.get(namespace: "team-a", name: "served")
            #expect(stored[path: ["metadata", "labels", TranslationOptions.managedByLabel]] == "inference-gateway")
        }
    }
}
