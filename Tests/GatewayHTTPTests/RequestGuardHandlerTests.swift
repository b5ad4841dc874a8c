import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import GatewayHTTP

/// The connection bounds on an `EmbeddedChannel`: HTTP parts in, HTTP parts out, virtual time.
@Suite struct RequestGuardHandlerTests {
    static let limits = RequestProgress.Limits(header: .seconds(2), body: .seconds(3), keepAlive: .seconds(5))

    /// A channel with the guard as the server installs it (minus the HTTP codec: parts go in directly).
    final class Harness {
        let loop = EmbeddedEventLoop()
        let channel: EmbeddedChannel
        let activity = InboundActivity()
        let bodies: SharedAllowance

        init(budget: Int = 1 << 20, kubernetes: Bool = true) throws {
            bodies = SharedAllowance(limit: budget)
            let configuration = RequestGuardHandler.Configuration(
                limits: RequestGuardHandlerTests.limits,
                bodies: bodies,
                renderer: EarlyAnswerRenderer(signals: nil, servesKubernetes: kubernetes)
            )
            channel = EmbeddedChannel(handler: RequestGuardHandler(configuration: configuration, activity: activity), loop: loop)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        }

        func head(_ uri: String, method: HTTPMethod = .POST, version: HTTPVersion = .http1_1, host: Bool = true) throws {
            var headers = HTTPHeaders()
            if host { headers.add(name: "Host", value: "gateway") }
            try channel.writeInbound(HTTPServerRequestPart.head(HTTPRequestHead(version: version, method: method, uri: uri, headers: headers)))
        }

        func body(_ text: String) throws {
            activity.firstByteAt = activity.firstByteAt ?? loop.now
            try channel.writeInbound(HTTPServerRequestPart.body(ByteBuffer(string: text)))
        }

        /// The answer the guard wrote itself, if any.
        func answer() throws -> (status: HTTPResponseStatus, headers: HTTPHeaders, body: String)? {
            guard case .head(let head) = try channel.readOutbound(as: HTTPServerResponsePart.self) else { return nil }
            var body = ""
            while let part = try channel.readOutbound(as: HTTPServerResponsePart.self) {
                if case .body(.byteBuffer(let buffer)) = part { body += String(buffer: buffer) }
            }
            return (head.status, head.headers, body)
        }

        /// Writes a response the way Hummingbird does.
        func respond() throws {
            try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
            try channel.writeOutbound(HTTPServerResponsePart.end(nil))
            while try channel.readOutbound(as: HTTPServerResponsePart.self) != nil {}
        }
    }

    @Test func halfSentHeadGets408AtTheHeaderTimeoutAndTheConnectionCloses() throws {
        let harness = try Harness()
        harness.activity.firstByteAt = harness.loop.now  // "GET /api/v1/jobs HTTP/1.1\r\nHo" arrived
        harness.loop.advanceTime(by: .milliseconds(1999))
        #expect(harness.channel.isActive, "not before the timeout")
        harness.loop.advanceTime(by: .milliseconds(1))
        let answer = try #require(try harness.answer())
        #expect(answer.status == .requestTimeout)
        #expect(answer.headers["Connection"] == ["close"])
        #expect(answer.body.contains("request head was not complete within 2 s"))
        #expect(!harness.channel.isActive)
    }

    @Test func aConnectionThatSendsNothingIsClosedWithoutAnAnswer() throws {
        let harness = try Harness()
        harness.loop.advanceTime(by: .seconds(2))
        #expect(try harness.answer() == nil)
        #expect(!harness.channel.isActive)
    }

    @Test func stalledBodyGets408InTheShapeOfItsAPI() throws {
        let harness = try Harness()
        try harness.head("/apis/run.ai/v2alpha1/namespaces/a/inferenceworkloads")
        #expect(try harness.channel.readInbound(as: HTTPServerRequestPart.self) != nil)
        harness.loop.advanceTime(by: .seconds(2))
        try harness.body("{\"kind\":")  // progress resets the body timeout
        harness.loop.advanceTime(by: .seconds(2))
        #expect(harness.channel.isActive, "3 s between reads are allowed, 2 s passed since the last")
        harness.loop.advanceTime(by: .seconds(1))
        let answer = try #require(try harness.answer())
        #expect(answer.status == .requestTimeout)
        #expect(answer.body.contains(#""kind":"Status""#) && answer.body.contains(#""reason":"Timeout""#))
        #expect(!harness.channel.isActive)
        #expect(harness.bodies.inUse == 0, "the closed connection gave its body bytes back")
    }

    @Test func aStreamingResponseIsNeverTimedOut() throws {
        let harness = try Harness()
        try harness.head("/apis/run.ai/v2alpha1/inferenceworkloads?watch=true", method: .GET)
        try harness.channel.writeInbound(HTTPServerRequestPart.end(nil))
        try harness.channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
        for _ in 0..<10 {
            harness.loop.advanceTime(by: .seconds(60))
            try harness.channel.writeOutbound(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: "{}\n"))))
        }
        #expect(harness.channel.isActive, "a watch streams for 10 minutes, past every timeout")
    }

    @Test func idleKeepAliveClosesSilentlyAndAPartialNextHeadGetsTheHeaderTimeout() throws {
        let idle = try Harness()
        try idle.head("/healthz", method: .GET)
        try idle.channel.writeInbound(HTTPServerRequestPart.end(nil))
        try idle.respond()
        idle.loop.advanceTime(by: .milliseconds(4999))
        #expect(idle.channel.isActive)
        idle.loop.advanceTime(by: .milliseconds(1))
        #expect(try idle.answer() == nil, "an idle keep-alive connection is closed without an answer")
        #expect(!idle.channel.isActive)

        let partial = try Harness()
        try partial.head("/healthz", method: .GET)
        try partial.channel.writeInbound(HTTPServerRequestPart.end(nil))
        try partial.respond()
        partial.loop.advanceTime(by: .seconds(4))
        partial.activity.firstByteAt = partial.loop.now  // the next head starts arriving
        partial.loop.advanceTime(by: .seconds(1))
        #expect(partial.channel.isActive, "bytes arrived: the header timeout runs from them")
        partial.loop.advanceTime(by: .seconds(1))
        #expect(try partial.answer()?.status == .requestTimeout)
    }

    @Test func bodyBudgetRefusesWith503RetryAfterAndReleasesOnResponse() throws {
        let harness = try Harness(budget: 10)
        try harness.head("/api/v1/jobs")
        try harness.body("12345678")
        #expect(harness.bodies.inUse == 8)
        #expect(throws: RequestGuardError.self, "the body stream fails, so no handler takes a cut body for a whole one") {
            try harness.body("abc")
        }
        let answer = try #require(try harness.answer())
        #expect(answer.status == .serviceUnavailable)
        #expect(answer.headers["Retry-After"] == ["1"])
        #expect(answer.body.contains(#""status":503"#), "the legacy error shape on a legacy path")
        #expect(!harness.channel.isActive)
        #expect(harness.bodies.inUse == 0)

        let served = try Harness(budget: 10)
        try served.head("/api/v1/jobs")
        try served.body("12345678")
        try served.channel.writeInbound(HTTPServerRequestPart.end(nil))
        try served.respond()
        #expect(served.bodies.inUse == 0, "a finished request gives its bytes back")
    }

    @Test func http11WithoutHostIs400AndHTTP10WithoutHostIsServed() throws {
        let missing = try Harness()
        #expect(throws: RequestGuardError.self) { try missing.head("/api/v1/jobs", method: .GET, host: false) }
        #expect(try missing.channel.readInbound(as: HTTPServerRequestPart.self) == nil, "the request never reaches the router")
        let answer = try #require(try missing.answer())
        #expect(answer.status == .badRequest)
        #expect(answer.body.contains("exactly one Host header"))

        let old = try Harness()
        try old.head("/healthz", method: .GET, version: .http1_0, host: false)
        #expect(try old.channel.readInbound(as: HTTPServerRequestPart.self) != nil)
    }

    @Test func aDecoderErrorIs400AndFailsTheBodyStream() throws {
        let harness = try Harness()
        try harness.head("/api/v1/jobs")
        _ = try harness.channel.readInbound(as: HTTPServerRequestPart.self)
        harness.channel.pipeline.fireErrorCaught(HTTPParserError.invalidChunkSize)
        let answer = try #require(try harness.answer())
        #expect(answer.status == .badRequest)
        #expect(answer.body.contains("invalid chunk size"))
        #expect(throws: HTTPParserError.invalidChunkSize) { try harness.channel.throwIfErrorCaught() }
        // What Hummingbird writes afterwards (its 500 for the failed body read) is dropped.
        #expect(throws: ChannelError.self) {
            try harness.channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .internalServerError)))
        }
    }
}
