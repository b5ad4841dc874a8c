import EmbeddedCluster
import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct APIAccessTests {
    /// Token `alice` may act in `team-a` only; discovery needs any known token.
    static let access = KubeAccess { request in
        guard let token = request.bearerToken, token == "alice" else { return .unauthenticated }
        if request.isDiscovery || request.namespace == "team-a" { return .allow }
        return .forbidden(user: "alice")
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    @Test func withoutATokenEveryPathIsUnauthorized() async throws {
        try await withEmbeddedAPI(access: Self.access) { client, _ in
            #expect(try await client.execute(uri: "/version", method: .get).status == .ok)
            for path in ["/apis", collectionPath("team-a"), objectPath("demo", namespace: "team-a")] {
                try expectKubeStatus(try await client.execute(uri: path, method: .get), 401, "Unauthorized")
            }
            try expectKubeStatus(try await client.execute(uri: "/apis", method: .get, headers: Self.bearer("mallory")), 401, "Unauthorized")
        }
    }

    @Test func aTokenWorksInItsNamespaceAndIsForbiddenElsewhere() async throws {
        try await withEmbeddedAPI(access: Self.access) { client, _ in
            #expect(try await client.execute(uri: "/apis", method: .get, headers: Self.bearer("alice")).status == .ok)
            let created = try await client.execute(
                uri: collectionPath("team-a"),
                method: .post,
                headers: Self.bearer("alice"),
                body: requestBody(kubeWorkload("demo"))
            )
            #expect(created.status == .created)

            let elsewhere = try await client.execute(
                uri: collectionPath("team-b"),
                method: .post,
                headers: Self.bearer("alice"),
                body: requestBody(kubeWorkload("demo"))
            )
            let status = try expectKubeStatus(elsewhere, 403, "Forbidden")
            #expect(status["message"]?.stringValue?.contains(#"User "alice" cannot create resource "inferenceworkloads""#) == true)
            #expect(status["message"]?.stringValue?.contains(#"in the namespace "team-b""#) == true)

            let clusterWide = try await client.execute(uri: collectionPath(nil) + "?watch=true", method: .get, headers: Self.bearer("alice"))
            let watchStatus = try expectKubeStatus(clusterWide, 403, "Forbidden")
            #expect(watchStatus["message"]?.stringValue?.contains("cannot watch") == true)
            #expect(watchStatus["message"]?.stringValue?.contains("at the cluster scope") == true)
        }
    }
}
