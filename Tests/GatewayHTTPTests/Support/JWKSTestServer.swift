import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// An identity provider's JWKS endpoint over loopback HTTP: serves the current key set at
/// `/certs` and counts the fetches.
final class JWKSTestServer: Sendable {
    private let state: Mutex<(jwks: String, fetches: Int)>

    init(keys: [OIDCTestKey]) {
        state = Mutex((OIDCTestToken.jwks(keys), 0))
    }

    /// How many times `/certs` was fetched.
    var fetches: Int { state.withLock { $0.fetches } }

    /// Publishes `keys` instead (a key rotation).
    func publish(_ keys: [OIDCTestKey]) {
        let jwks = OIDCTestToken.jwks(keys)
        state.withLock { $0.jwks = jwks }
    }

    /// Runs the server on a free loopback port and `body` with its JWKS URL.
    func run(_ body: @escaping @Sendable (_ url: String) async throws -> Void) async throws {
        let router = Router()
        router.get("certs") { _, _ -> Response in
            let jwks = self.state.withLock { state in
                state.fetches += 1
                return state.jwks
            }
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: jwks))
            )
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(try #require(client.port))/certs")
        }
    }
}

/// A clock the test moves by hand, for the key set's refetch limit.
final class OIDCTestClock: Sendable {
    private let start = ContinuousClock.now
    private let offset = Mutex(Duration.zero)

    /// The current instant.
    var now: ContinuousClock.Instant { start.advanced(by: offset.withLock { $0 }) }

    /// Moves the clock forward.
    func advance(by duration: Duration) {
        offset.withLock { $0 += duration }
    }
}
