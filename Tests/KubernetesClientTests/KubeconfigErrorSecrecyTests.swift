import Foundation
import GatewayTestSupport
import KubernetesClient
import Testing

/// A kubeconfig the client refuses is explained by file, entry and field, never by the token,
/// key or password it holds: the message ends up in the gateway's start-up error and log.
@Suite struct KubeconfigErrorSecrecyTests {
    static let secret = "kube-s3cr3t-\(UUID().uuidString)"
    static let secretBase64 = Data(secret.utf8).base64EncodedString()

    /// A broken user entry, and a word its error must contain.
    static let brokenUsers: [(body: String, names: String)] = [
        ("token: {value: \(secret)}", "token"),
        ("token: [\(secret)]", "token"),
        ("client-certificate-data: \(KubeconfigTests.certificate.base64)\n    client-key-data: \"\(secret) !\"", "base64"),
        ("client-certificate-data: \(KubeconfigTests.certificate.base64)\n    client-key-data: \(secretBase64)", "client-key"),
        ("client-key-data: \(KubeconfigTests.key.base64)", "without"),
        ("username: admin\n    password: \(secret)", "basic authentication"),
        ("token: \"\(secret)", "not valid YAML"),
        ("auth-provider: {name: oidc, config: {id-token: \(secret), refresh-token: \(secret)}}", "auth-provider"),
    ]

    @Test(arguments: brokenUsers.indices)
    func aRefusedKubeconfigNamesTheFieldNotTheSecret(_ index: Int) throws {
        let (body, names) = Self.brokenUsers[index]
        let directory = try TemporaryDirectory("kubeconfig-secrecy")
        defer { directory.remove() }
        let path = try directory.write("config", KubeconfigTests.kubeconfig(userBody: body))
        let error = try #require(throws: KubernetesError.self) { try KubernetesClientConfiguration.kubeconfig(path: path) }
        let texts = ["\(error)", String(reflecting: error), error.message]
        #expect(texts[0].contains(names), "\(texts[0])")
        for text in texts {
            #expect(!text.contains(Self.secret), "\(text)")
            #expect(!text.contains(Self.secretBase64), "\(text)")
        }
    }
}
