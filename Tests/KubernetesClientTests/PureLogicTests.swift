import Foundation
import Testing

@testable import KubernetesClient

/// The client's pure parts, without I/O.
@Suite struct PureLogicTests {
    @Test func theTokenBucketAllowsABurstThenSpacesRequests() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(qps: 10, burst: 3, now: start)
        #expect((0..<3).map { _ in bucket.reserve(now: start) } == [.zero, .zero, .zero])
        #expect(bucket.reserve(now: start) == .milliseconds(100))
        #expect(bucket.reserve(now: start) == .milliseconds(200))
        // After a quiet second the bucket is full again, no fuller.
        var rested = TokenBucket(qps: 10, burst: 3, now: start)
        _ = rested.reserve(now: start)
        let later = start + .seconds(10)
        #expect((0..<3).map { _ in rested.reserve(now: later) } == [.zero, .zero, .zero])
        #expect(rested.reserve(now: later) > .zero)
    }

    @Test func retriesFollowStatusVerbAndAttempt() {
        let planner = RetryPlanner(policy: .init(maxAttempts: 4, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(300)))
        var random = SystemRandomNumberGenerator()
        func delay(_ attempt: Int, _ outcome: RetryPlanner.Outcome, idempotent: Bool = true) -> Duration? {
            planner.delay(after: attempt, outcome: outcome, idempotent: idempotent, random: &random)
        }
        #expect(delay(1, .status(429, retryAfterSeconds: 2), idempotent: false) == .seconds(2))
        #expect(delay(1, .status(503, retryAfterSeconds: 1), idempotent: false) == .seconds(1))
        #expect(delay(1, .status(500, retryAfterSeconds: nil), idempotent: false) == nil)
        #expect(delay(1, .status(501, retryAfterSeconds: nil)) == nil)
        #expect(delay(1, .status(404, retryAfterSeconds: nil)) == nil)
        #expect(delay(1, .status(409, retryAfterSeconds: nil)) == nil)
        #expect(delay(4, .status(429, retryAfterSeconds: 1)) == nil, "attempts are bounded")
        #expect(delay(1, .status(429, retryAfterSeconds: 3600)) == nil, "Retry-After beyond the policy gives up")
        #expect(delay(1, .transport(.couldNotConnect), idempotent: false) != nil, "nothing was sent")
        #expect(delay(1, .transport(.connectionLost), idempotent: false) == nil)
        #expect(delay(1, .transport(.tls)) == nil)
        #expect(delay(1, .transport(.cancelled)) == nil)
        for _ in 0..<50 {
            let first = delay(1, .status(502, retryAfterSeconds: nil)) ?? .zero
            let third = delay(3, .transport(.timedOut)) ?? .zero
            #expect(first >= .milliseconds(50) && first <= .milliseconds(100), "equal jitter around 100 ms")
            #expect(third >= .milliseconds(150) && third <= .milliseconds(300), "capped at the maximum backoff")
        }
    }

    @Test func watchLinesAreSplitAcrossChunks() {
        var buffer = LineBuffer()
        func feed(_ text: String) -> [String] {
            Array(text.utf8).withUnsafeBytes { buffer.append($0) }.map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(feed("{\"a\":") == [])
        #expect(feed("1}\n{\"b\":2}\r\n\n{\"c\"") == ["{\"a\":1}", "{\"b\":2}"])
        #expect(feed(":3}") == [])
        #expect(buffer.flush().map { String(decoding: $0, as: UTF8.self) } == "{\"c\":3}")
        #expect(buffer.flush() == nil)
    }

    @Test func watchEventsKeepTheObjectBytesAndTurnErrorsIntoExpired() throws {
        let object = #"{"metadata":{"name":"a \"}{\" b","resourceVersion":"42"},"spec":{"list":[1,{"x":"]"}]}}"#
        let line = Data(#"{"object": \#(object) , "type":"MODIFIED"}"#.utf8)
        let event = try WatchEventDecoder.decode(line)
        #expect(event.type == .modified)
        #expect(event.resourceVersion == "42")
        #expect(String(decoding: event.object, as: UTF8.self) == object)

        let expired = Data(
            #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (120)","reason":"Expired","code":410}}"#
                .utf8
        )
        let error = #expect(throws: KubernetesError.self) { try WatchEventDecoder.decode(expired) }
        #expect(error?.code == .expired)
        #expect(error?.message == "too old resource version: 5 (120)")
        let garbage = #expect(throws: KubernetesError.self) { try WatchEventDecoder.decode(Data("<html>".utf8)) }
        #expect(garbage?.code == .unexpectedResponse)
    }

    @Test func responseHeadsSkipInterimAnswers() {
        var parser = HeadParser()
        let lines = [
            "HTTP/1.1 100 Continue\r\n", "\r\n", "HTTP/2 429 \r\n", "Retry-After: 3\r\n", "Warning: 299 - \"a\"\r\n",
            "warning: 299 - \"b\"\r\n", "\r\n",
        ]
        let complete = lines.map { parser.consume($0) }
        #expect(complete == [false, false, false, false, false, false, true])
        #expect(parser.status == 429)
        #expect(parser.headers["retry-after"] == "3")
        #expect(parser.headers["warning"] == "299 - \"a\", 299 - \"b\"")
    }

    @Test func errorsMapStatusAndReasonAndQuoteProxiesBriefly() {
        let head = { (status: Int) in HTTPResponseHead(status: status, headers: ["retry-after": "7"], httpVersion: "2") }
        let status = Data(
            #"{"kind":"Status","status":"Failure","message":"m","reason":"TooManyRequests","details":{"retryAfterSeconds":9},"code":429}"#.utf8
        )
        let throttled = KubernetesError(response: head(429), body: status)
        #expect(throttled.code == .tooManyRequests)
        #expect(throttled.retryAfterSeconds == 7, "the header wins over details")
        #expect(
            KubernetesError(response: head(409), body: Data(#"{"kind":"Status","reason":"AlreadyExists","code":409}"#.utf8)).code == .alreadyExists
        )
        #expect(KubernetesError(response: head(409), body: Data()).code == .conflict)
        #expect(KubernetesError(response: head(415), body: Data()).code == .unsupportedMediaType)
        #expect(KubernetesError(response: head(422), body: Data()).code == .invalid)
        #expect(KubernetesError(response: head(504), body: Data()).code == .serverTimeout)
        #expect(KubernetesError(response: head(502), body: Data()).code == .serverError)
        #expect(KubernetesError(response: head(302), body: Data()).code == .unexpectedResponse)
        let html = Data(
            "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
                .utf8
        )
        #expect(KubernetesError(response: head(502), body: html).message == "HTTP 502: 502 Bad Gateway")
        #expect(KubernetesError(response: head(500), body: Data(String(repeating: "x ", count: 300).utf8)).message.count < 220)
    }

    @Test func execCredentialsAreCheckedAndTheirExpiryRead() throws {
        let plugin = KubernetesClientConfiguration.ExecPlugin(command: "get-token")
        let good = Data(
            #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"2030-01-02T03:04:05.5+01:00"}}"#
                .utf8
        )
        let credential = try ExecCredentialRunner.parse(good, plugin: plugin)
        #expect(credential.token?.value == "t")
        #expect(credential.expiration == Date(timeIntervalSince1970: 1_893_549_845.5))
        let wrongVersion = Data(#"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}}"#.utf8)
        #expect(throws: KubernetesError.self) { try ExecCredentialRunner.parse(wrongVersion, plugin: plugin) }
        let empty = Data(#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}}"#.utf8)
        let error = #expect(throws: KubernetesError.self) { try ExecCredentialRunner.parse(empty, plugin: plugin) }
        #expect(error?.message == "the exec credential plugin get-token printed neither a token nor a client certificate")
        let certificate = Data(
            #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"C","clientKeyData":"K"}}"#
                .utf8
        )
        #expect(try ExecCredentialRunner.parse(certificate, plugin: plugin).clientCertificate?.key.value == Data("K".utf8))
    }

    @Test func endpointsAndQueriesAreBuiltAsLibcurlNeedsThem() throws {
        let plain = try KubernetesEndpoint(server: "https://10.0.0.1:6443/", tlsServerName: nil)
        #expect(plain.base == "https://10.0.0.1:6443")
        #expect(plain.connectTo == nil)
        let prefixed = try KubernetesEndpoint(server: "https://rancher.example/k8s/clusters/c-1", tlsServerName: nil)
        #expect(prefixed.base == "https://rancher.example:443/k8s/clusters/c-1")
        let named = try KubernetesEndpoint(server: "https://[::1]:6443", tlsServerName: "kubernetes.default")
        #expect(named.base == "https://kubernetes.default:6443")
        #expect(named.connectTo == "kubernetes.default:6443:[::1]:6443")
        #expect(named.hostHeader == "[::1]:6443")
        #expect(throws: KubernetesError.self) { try KubernetesEndpoint(server: "ftp://x", tlsServerName: nil) }
        #expect(named.isLoopback, "no proxy for a server on this machine")
        #expect(try KubernetesEndpoint(server: "http://127.0.0.1:8080", tlsServerName: nil).isLoopback)
        #expect(try !KubernetesEndpoint(server: "https://10.0.0.1", tlsServerName: nil).isLoopback)
        let request = KubernetesRequest(
            method: "GET",
            path: "/api/v1/pods",
            query: [("labelSelector", "app in (a,b),tier!=x"), ("watch", "true")],
            idempotent: true
        )
        #expect(request.target == "/api/v1/pods?labelSelector=app%20in%20%28a%2Cb%29%2Ctier%21%3Dx&watch=true")
    }

    @Test func redactedValuesNeverPrint() {
        let secret = Redacted("hunter2")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        #expect(!dumped.contains("hunter2"))
        #expect(secret.value == "hunter2")
    }
}
