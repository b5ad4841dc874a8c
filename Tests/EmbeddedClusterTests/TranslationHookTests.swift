import EmbeddedCluster
import Foundation
import GatewayCore
import GatewayTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// The writes a translation hook saw.
final class SeenWrites: Sendable {
    let writes = Mutex<[(ResourceKind.CommittedWrite.Change, String, String)]>([])
    var all: [(ResourceKind.CommittedWrite.Change, String, String)] { writes.withLock { $0 } }
}

@Suite struct TranslationHookTests {
    /// The gateway's kinds with a Deployment hook that records writes, warns, and refuses the name `refused`.
    static func registry(_ seen: SeenWrites) -> ResourceRegistry {
        let hook = ResourceKind.Translation { write in
            seen.writes.withLock { $0.append((write.change, write.name, write.method)) }
            if write.name == "refused", write.change == .created {
                throw KubeStatusError(code: 422, reason: "Invalid", message: "refused by the translation")
            }
            return ["translated \(write.name)"]
        }
        let admission = ResourceKind.Admission { _, new throws(KubeStatusError) in
            guard new[path: ["metadata", "labels", "forbidden"]] == nil else {
                throw .invalid("x", [KubeStatusError.forbiddenValue("metadata.labels[forbidden]", "not translatable")], kind: .deployments)
            }
            return new
        }
        return ResourceRegistry([.inferenceWorkloads, ResourceKind.deployments.translated(admission: admission, translation: hook), .services])
    }

    static func withHooked(_ body: @escaping @Sendable (any TestClientProtocol, ClusterStore, SeenWrites) async throws -> Void) async throws {
        let seen = SeenWrites()
        let store = ClusterStore(database: try makeMigratedDatabase())
        let router = Router()
        EmbeddedClusterAPI(store: store, kinds: registry(seen)).addRoutes(to: router)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(client, store, seen) }
    }

    static let deployments = "/apis/apps/v1/namespaces/runai-team-a/deployments"

    @Test func theHookSeesEachCommittedWriteOfTheObjectAndItsWarningsReachTheClient() async throws {
        try await Self.withHooked { client, _, seen in
            let created = try await client.execute(uri: Self.deployments, method: .post, body: requestBody(legacyDeployment("inf1")))
            #expect(created.headers[values: HTTPField.Name("Warning")!].contains(#"299 - "translated inf1""#))
            _ = try await client.execute(
                uri: Self.deployments + "/inf1/scale",
                method: .patch,
                headers: contentType("application/merge-patch+json"),
                body: requestBody(["spec": ["replicas": 2]])
            )
            _ = try await client.execute(
                uri: Self.deployments + "/inf1/status",
                method: .patch,
                headers: contentType("application/merge-patch+json"),
                body: requestBody(["status": ["replicas": 2]])
            )
            _ = try await client.execute(uri: Self.deployments + "/inf1", method: .delete)
            let changes = seen.all.map { "\($0.0) \($0.1) \($0.2)" }
            #expect(changes == ["created inf1 POST", "updated inf1 PATCH", "deleted inf1 DELETE"])
        }
    }

    @Test func anErrorOfTheHookIsTheAnswerAndAnAdmissionRefusalStoresNothing() async throws {
        try await Self.withHooked { client, store, seen in
            let refused = try await client.execute(uri: Self.deployments, method: .post, body: requestBody(legacyDeployment("refused")))
            try expectKubeStatus(refused, 422, "Invalid")
            var labelled = legacyDeployment("labelled")
            labelled[path: ["metadata", "labels"]] = ["forbidden": "yes"]
            let status = try expectKubeStatus(
                try await client.execute(uri: Self.deployments, method: .post, body: requestBody(labelled)),
                422,
                "Invalid"
            )
            #expect(status[path: ["details", "causes"]]?[0]?["field"] == "metadata.labels[forbidden]")
            #expect(try await store.list(kind: .deployments, namespace: "runai-team-a").items.compactMap(\.name) == ["refused"])
            #expect(seen.all.map(\.1) == ["refused"], "the hook never saw the refused admission")
        }
    }
}
