import Foundation
import GatewayTestSupport
import KubernetesClient
import Logging
import Testing

@Suite struct ClientOperationsTests {
    let widgets = Widget.resource

    @Test func aNewcomerCanCreateReadAndListObjectsOverLoopback() async throws {
        try await FakeKubernetes.run { _, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            let created = try await client.create(widgets, namespace: "ns1", object: Widget(name: "demo", size: 1))
            #expect(created.metadata.namespace == "ns1")
            #expect(created.metadata.resourceVersion?.isEmpty == false)
            #expect(created.metadata.uid?.isEmpty == false)
            let read = try await client.get(widgets, namespace: "ns1", name: "demo", as: Widget.self)
            #expect(read == created)
            let list = try await client.list(widgets, namespace: "ns1", as: Widget.self)
            #expect(list.items.map(\.metadata.name) == ["demo"])
            #expect(list.resourceVersion == created.metadata.resourceVersion)
        }
    }

    @Test func listPagesWithLimitAndContinueAndFiltersBySelectors() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            for index in 0..<5 {
                let tier = index.isMultiple(of: 2) ? "web" : "cache"
                _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "w\(index)", size: index, labels: ["tier": tier]))
            }
            let page = try await client.list(widgets, namespace: "ns1", options: ListOptions(limit: 2), as: Widget.self)
            #expect(page.items.count == 2)
            #expect(page.continueToken != nil)
            #expect(page.remainingItemCount == 3)
            let all = try await client.listAll(widgets, namespace: "ns1", options: ListOptions(limit: 2), as: Widget.self)
            #expect(all.items.map(\.metadata.name) == ["w0", "w1", "w2", "w3", "w4"])
            #expect(all.continueToken == nil)
            let web = try await client.list(widgets, namespace: "ns1", options: ListOptions(labelSelector: "tier=web"), as: Widget.self)
            #expect(web.items.map(\.metadata.name) == ["w0", "w2", "w4"])
            let notWeb = try await client.list(widgets, namespace: "ns1", options: ListOptions(labelSelector: "tier!=web"), as: Widget.self)
            #expect(notWeb.items.map(\.metadata.name) == ["w1", "w3"])
            let byName = try await client.list(widgets, namespace: "ns1", options: ListOptions(fieldSelector: "metadata.name=w3"), as: Widget.self)
            #expect(byName.items.map(\.metadata.name) == ["w3"])
            let everywhere = try await client.list(widgets, namespace: nil, as: Widget.self)
            #expect(everywhere.items.count == 5)

            let sent = await fake.store.requests(method: "GET").map(\.query)
            #expect(sent.contains { $0["limit"] == "2" && $0["continue"] == "2" })
            #expect(sent.contains { $0["labelSelector"] == "tier!=web" })
            #expect(sent.contains { $0["fieldSelector"] == "metadata.name=w3" })

            let badField = await kubernetesError {
                _ = try await client.list(widgets, namespace: "ns1", options: ListOptions(fieldSelector: "spec.size=1"))
            }
            #expect(badField?.code == .badRequest)
            #expect(badField?.message.contains("not a known field selector") == true)
        }
    }

    @Test func replaceUsesTheResourceVersionAndAStaleOneIsAConflict() async throws {
        try await FakeKubernetes.run { _, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            var widget = try await client.create(widgets, namespace: "ns1", object: Widget(name: "demo", size: 1))
            let stale = widget
            widget.spec?.size = 2
            let replaced = try await client.replace(widgets, namespace: "ns1", name: "demo", object: widget)
            #expect(replaced.spec?.size == 2)
            #expect(replaced.metadata.resourceVersion != stale.metadata.resourceVersion)

            let conflict = await kubernetesError { _ = try await client.replace(widgets, namespace: "ns1", name: "demo", object: stale) }
            #expect(conflict?.code == .conflict)
            #expect(conflict?.httpStatus == 409)
            #expect(conflict?.reason == "Conflict")
            #expect(conflict?.details?.name == "demo")

            var withoutVersion = replaced
            withoutVersion.metadata.resourceVersion = nil
            let invalid = await kubernetesError { _ = try await client.replace(widgets, namespace: "ns1", name: "demo", object: withoutVersion) }
            #expect(invalid?.code == .invalid)
            #expect(invalid?.details?.causes?.first?.field == "metadata.resourceVersion")
        }
    }

    @Test func theStatusSubresourceIsWrittenAlone() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            var widget = try await client.create(widgets, namespace: "ns1", object: Widget(name: "demo", size: 1))
            widget.status = Widget.Status(phase: "Running")
            widget.spec?.size = 99
            let updated = try await client.replace(widgets, namespace: "ns1", name: "demo", subresource: "status", object: widget)
            #expect(updated.status?.phase == "Running")
            #expect(updated.spec?.size == 1)
            let patched = try await client.patch(
                widgets,
                namespace: "ns1",
                name: "demo",
                subresource: "status",
                patch: .merge(Data(#"{"status":{"phase":"Ready"}}"#.utf8)),
                as: Widget.self
            )
            #expect(patched.status?.phase == "Ready")
            let paths = await fake.store.requests().map { "\($0.method) \($0.path)" }
            #expect(paths.contains("PUT /apis/example.com/v1/namespaces/ns1/widgets/demo/status"))
            #expect(paths.contains("PATCH /apis/example.com/v1/namespaces/ns1/widgets/demo/status"))
        }
    }

    @Test func mergeJSONAndServerSideApplyPatchesSendTheirContentTypes() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "demo", size: 1))
            let merged = try await client.patch(
                widgets,
                namespace: "ns1",
                name: "demo",
                patch: .merge(Data(#"{"spec":{"color":"red"}}"#.utf8)),
                as: Widget.self
            )
            #expect(merged.spec == Widget.Spec(size: 1, color: "red"))
            let jsonPatched = try await client.patch(
                widgets,
                namespace: "ns1",
                name: "demo",
                patch: .json(Data(#"[{"op":"replace","path":"/spec/size","value":3},{"op":"remove","path":"/spec/color"}]"#.utf8)),
                as: Widget.self
            )
            #expect(jsonPatched.spec == Widget.Spec(size: 3, color: nil))
            let applied = try await client.apply(
                widgets,
                namespace: "ns1",
                name: "applied",
                object: Widget(name: "applied", size: 7),
                fieldManager: "inference-gateway",
                force: true
            )
            #expect(applied.spec?.size == 7)
            let reapplied = try await client.apply(
                widgets,
                namespace: "ns1",
                name: "applied",
                object: Widget(name: "applied", size: 7),
                fieldManager: "inference-gateway"
            )
            #expect(reapplied.metadata.resourceVersion == applied.metadata.resourceVersion)

            let patches = await fake.store.requests(method: "PATCH")
            #expect(
                patches.map { $0.contentType ?? "" } == [
                    "application/merge-patch+json", "application/json-patch+json", "application/apply-patch+yaml",
                    "application/apply-patch+yaml",
                ]
            )
            #expect(patches[2].query["fieldManager"] == "inference-gateway")
            #expect(patches[2].query["force"] == "true")
            #expect(patches[3].query["force"] == nil)

            let noManager = await kubernetesError {
                _ = try await client.patch(
                    widgets,
                    namespace: "ns1",
                    name: "demo",
                    subresource: nil,
                    patch: .apply(Data("{}".utf8), force: false),
                    options: WriteOptions()
                )
            }
            #expect(noManager?.code == .invalidRequest)
        }
    }

    @Test func deleteSendsThePropagationPolicyAndAnswersWithAStatus() async throws {
        try await FakeKubernetes.run { fake, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "demo", size: 1))
            let answer = try await client.delete(
                widgets,
                namespace: "ns1",
                name: "demo",
                options: DeleteOptions(propagationPolicy: .foreground)
            )
            let status = try JSONDecoder().decode(KubernetesStatus.self, from: answer)
            #expect(status.status == "Success")
            #expect(status.details?.name == "demo")
            let sent = try #require(await fake.store.requests(method: "DELETE").first)
            let options = try #require(JSONSerialization.jsonObject(with: sent.body) as? [String: Any])
            #expect(options["propagationPolicy"] as? String == "Foreground")
            #expect(options["kind"] as? String == "DeleteOptions")

            let gone = await kubernetesError { try await client.delete(widgets, namespace: "ns1", name: "demo") }
            #expect(gone?.code == .notFound)
            #expect(gone?.message == "widgets.example.com \"demo\" not found")
        }
    }

    @Test func errorsCarryTheStatusFromTheServer() async throws {
        try await FakeKubernetes.run { _, port in
            let client = try CurlKubernetesClient.loopback(port: port)
            _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "demo", size: 1))
            let exists = await kubernetesError { _ = try await client.create(widgets, namespace: "ns1", object: Widget(name: "demo", size: 1)) }
            #expect(exists?.code == .alreadyExists)
            #expect(exists?.reason == "AlreadyExists")
            #expect(exists?.details?.group == "example.com")
            #expect(exists?.details?.kind == "widgets")
            #expect(exists.map { "\($0)" } == "Kubernetes alreadyExists (HTTP 409): widgets.example.com \"demo\" already exists")

            let noNamespace = await kubernetesError { _ = try await client.get(widgets, namespace: nil, name: "demo", subresource: nil) }
            #expect(noNamespace?.code == .invalidRequest)
            #expect(noNamespace?.message.contains("namespace") == true)
        }
    }

    @Test func resourcePathsFollowTheAPIConventions() {
        #expect(widgets.path(namespace: "ns1", name: "demo", subresource: "status") == "/apis/example.com/v1/namespaces/ns1/widgets/demo/status")
        #expect(widgets.path(namespace: nil) == "/apis/example.com/v1/widgets")
        let configMaps = KubernetesResource(group: "", version: "v1", plural: "configmaps")
        #expect(configMaps.path(namespace: "kube-system", name: "a b") == "/api/v1/namespaces/kube-system/configmaps/a%20b")
        let namespaces = KubernetesResource(group: "", version: "v1", plural: "namespaces", namespaced: false)
        #expect(namespaces.path(namespace: "ignored", name: "ns1") == "/api/v1/namespaces/ns1")
        #expect(widgets.apiVersion == "example.com/v1")
        #expect(configMaps.apiVersion == "v1")
    }
}
