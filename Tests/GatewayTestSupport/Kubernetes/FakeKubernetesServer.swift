import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// A loopback fake Kubernetes API server (Hummingbird) that speaks the conventions of a real one:
/// every verb, `Status` errors, watches with bookmarks and 410s, scripted 429/5xx faults.
public struct FakeKubernetes: Sendable {
    /// The server's state, for setting up faults and reading what arrived.
    public let store = FakeKubernetesStore()

    /// Runs `body` while the server listens on 127.0.0.1 on a free port.
    public static func run<Value: Sendable>(_ body: @escaping @Sendable (FakeKubernetes, Int) async throws -> Value) async throws -> Value {
        let fake = FakeKubernetes()
        let app = Application(
            router: fake.router(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            logger: .quiet
        )
        return try await app.test(.live) { client in
            guard let port = client.port else { throw FakeKubernetesError.noPort }
            do {
                let value = try await body(fake, port)
                await fake.store.endWatches()
                return value
            } catch {
                await fake.store.endWatches()
                throw error
            }
        }
    }

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            router.on("**", method: method) { request, _ in try await handle(request) }
        }
        return router
    }

    private func handle(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 16 << 20)
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        var recorded = FakeKubernetesStore.RecordedRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            query: query,
            contentType: request.headers[.contentType],
            authorization: request.headers[.authorization],
            clientVerify: request.headers[HTTPField.Name("X-Client-Verify")!],
            clientSubject: request.headers[HTTPField.Name("X-Client-Subject")!],
            body: Data(body.readableBytesView)
        )
        recorded.requestID = request.headers[HTTPField.Name("X-Request-Id")!]
        let answer = await store.handle(recorded)
        var headers: HTTPFields = [.contentType: "application/json"]
        for (name, value) in answer.headers { headers[HTTPField.Name(name)!] = value }
        if let stream = answer.stream {
            return Response(
                status: .ok,
                headers: headers,
                body: ResponseBody { writer in
                    for await line in stream { try await writer.write(ByteBuffer(bytes: line)) }
                    try await writer.finish(nil)
                }
            )
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body))
        )
    }
}

/// The fake server did not come up.
enum FakeKubernetesError: Error {
    /// The live test server reported no port.
    case noPort
}
