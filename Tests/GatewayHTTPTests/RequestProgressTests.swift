import NIOCore
import Testing

@testable import GatewayHTTP

/// Which timeout runs when, without I/O.
@Suite struct RequestProgressTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    let limits = RequestProgress.Limits(header: .seconds(60), body: .seconds(30), keepAlive: .seconds(75))

    @Test func eachPhaseHasItsTimeout() {
        var progress = RequestProgress(limits: limits, acceptedAt: start)
        #expect(progress.timer(firstByteAt: nil) == .header(start + .seconds(60)), "from accept")
        progress.headRead(now: start + .seconds(1))
        #expect(progress.timer(firstByteAt: nil) == .body(start + .seconds(31)))
        progress.bodyRead(bytes: 10, now: start + .seconds(5))
        #expect(progress.timer(firstByteAt: nil) == .body(start + .seconds(35)), "from the last read")
        progress.endRead()
        #expect(progress.timer(firstByteAt: nil) == nil, "no timeout while the response is produced or streams")
        progress.responseHeadWritten()
        #expect(progress.responseEndWritten(now: start + .seconds(9)) == 10, "the request's body bytes go back")
        #expect(progress.timer(firstByteAt: nil) == .keepAlive(start + .seconds(84)))
        #expect(progress.timer(firstByteAt: start + .seconds(20)) == .header(start + .seconds(80)), "from the first byte of the next request")
    }

    @Test func expiryAnswersOnlyWhereAnAnswerCanBeWritten() {
        var progress = RequestProgress(limits: limits, acceptedAt: start)
        #expect(progress.expiry(now: start + .seconds(59), firstByteAt: nil) == .wait(.header(start + .seconds(60))))
        #expect(progress.expiry(now: start + .seconds(60), firstByteAt: nil) == .close, "nothing was sent")
        #expect(progress.expiry(now: start + .seconds(60), firstByteAt: start) == .answerTimeout(header: true))

        progress.headRead(now: start)
        #expect(progress.expiry(now: start + .seconds(30), firstByteAt: start) == .answerTimeout(header: false))
        progress.responseHeadWritten()  // answered early (e.g. a 413) while the body still comes
        #expect(progress.expiry(now: start + .seconds(30), firstByteAt: start) == .close, "a response is under way")
    }

    @Test func pipelinedRequestsKeepTheirOwnReservations() {
        var progress = RequestProgress(limits: limits, acceptedAt: start)
        progress.headRead(now: start)
        progress.bodyRead(bytes: 5, now: start)
        progress.endRead()
        progress.headRead(now: start)
        progress.bodyRead(bytes: 7, now: start)
        #expect(!progress.canAnswer, "an earlier request still waits for its response")
        #expect(progress.responseEndWritten(now: start) == 5)
        #expect(progress.reservedBytes == 7)
        #expect(progress.releaseAll() == 7)
    }

    @Test func sharedAllowanceNeverExceedsItsLimit() {
        let allowance = SharedAllowance(limit: 3)
        #expect(allowance.reserve(2))
        #expect(!allowance.reserve(2))
        #expect(allowance.reserve())
        allowance.release(3)
        #expect(allowance.inUse == 0)
    }
}
