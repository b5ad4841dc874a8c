import Foundation
import Testing

@testable import GatewayHTTP

/// A JWKS URL may carry credentials (`https://user:password@…`) or a token in its query: messages
/// about it, at start and when a fetch fails, show neither.
@Suite struct JWKSURLSecrecyTests {
    @Test func messagesShowTheJWKSURLWithoutCredentialsQueryOrFragment() throws {
        let url = try #require(URL(string: "https://ops:s3cret@idp.example.com:8443/realms/runai/certs?access_token=abc#frag"))
        let shown = URLJWKSSource.shown(url)
        #expect(shown == "https://idp.example.com:8443/realms/runai/certs")
        #expect(URLJWKSSource(url: url, timeout: .seconds(1)).name == shown)
    }

    @Test func aRefusedJWKSURLIsNotRepeatedWithItsCredentials() throws {
        for text in ["http://ops:s3cret@idp.example.com/certs?access_token=abc", "not a url s3cret"] {
            let configuration = OIDCConfiguration(issuer: "https://idp", audiences: ["gw"], keys: .url(text))
            let error = try #require(throws: GatewayConfigurationError.self) { try configuration.validate() }
            #expect(!error.message.contains("s3cret"))
            #expect(!error.message.contains("abc"))
            #expect(error.message.contains("--oidc-jwks-url"))
        }
    }
}
