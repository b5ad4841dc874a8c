import NIOCore

/// Where one connection is in its exchange of requests and responses, and which timeout applies.
/// Pure: times are passed in, nothing is scheduled here.
///
/// - Before the first request head, the header timeout runs from the accept.
/// - Between requests (a response written, nothing read), the keep-alive timeout runs; once a
///   byte of the next request arrives, the header timeout runs from that byte (as nginx does).
/// - While a request body is read, the body timeout runs from the last read.
/// - While a response is produced or streams (a watch), no timeout runs.
struct RequestProgress {
    /// The three timeouts.
    struct Limits: Sendable, Equatable {
        /// From accept, or from the first byte after a response, until the request head is complete.
        var header: TimeAmount
        /// Between two reads of a request body.
        var body: TimeAmount
        /// Between the end of a response and the first byte of the next request.
        var keepAlive: TimeAmount
    }

    /// The timeout that runs now, and when it expires.
    enum Timer: Equatable {
        case header(NIODeadline)
        case body(NIODeadline)
        case keepAlive(NIODeadline)

        /// When it expires.
        var deadline: NIODeadline {
            switch self {
            case .header(let deadline), .body(let deadline), .keepAlive(let deadline): deadline
            }
        }

        /// Whether `other` is the same timeout, whatever its deadline.
        func isSameKind(as other: Timer) -> Bool {
            switch (self, other) {
            case (.header, .header), (.body, .body), (.keepAlive, .keepAlive): true
            default: false
            }
        }
    }

    /// What to do when a timer fires.
    enum Expiry: Equatable {
        /// Nothing runs any more.
        case none
        /// The timeout moved: wait for it.
        case wait(Timer)
        /// Close without an answer (an idle connection, or one whose answer is under way).
        case close
        /// Answer 408 and close.
        case answerTimeout(header: Bool)
    }

    let limits: Limits
    /// Request heads read whose response has not ended.
    private(set) var requestsInFlight = 0
    /// Whether a request head was read and its end was not.
    private(set) var isReadingBody = false
    /// Whether a response head was written and its end was not.
    private(set) var isResponseOpen = false
    /// Responses completely written.
    private(set) var completedResponses = 0
    /// Body bytes counted against the shared budget, per request in flight (oldest first).
    private var reserved: [Int] = []
    private let acceptedAt: NIODeadline
    private var idleSince: NIODeadline
    private var lastBodyRead: NIODeadline

    /// A fresh connection accepted at `now`.
    init(limits: Limits, acceptedAt now: NIODeadline) {
        self.limits = limits
        self.acceptedAt = now
        self.idleSince = now
        self.lastBodyRead = now
    }

    /// Whether an answer of the server's own may still be written: no response is under way
    /// and no earlier request waits for its response.
    var canAnswer: Bool {
        !isResponseOpen && (requestsInFlight == 0 || (requestsInFlight == 1 && isReadingBody))
    }

    /// Whether nothing is in flight: the connection waits for its next request.
    var isIdle: Bool { requestsInFlight == 0 && !isReadingBody }

    /// Body bytes of this connection counted against the shared budget.
    var reservedBytes: Int { reserved.reduce(0, +) }

    /// A request head was read.
    mutating func headRead(now: NIODeadline) {
        requestsInFlight += 1
        isReadingBody = true
        lastBodyRead = now
        reserved.append(0)
    }

    /// `bytes` of request body were read (and reserved against the shared budget).
    mutating func bodyRead(bytes: Int, now: NIODeadline) {
        lastBodyRead = now
        if reserved.isEmpty { reserved.append(0) }
        reserved[reserved.count - 1] += bytes
    }

    /// The end of a request was read.
    mutating func endRead() {
        isReadingBody = false
    }

    /// A final (non-1xx) response head was written.
    mutating func responseHeadWritten() {
        isResponseOpen = true
    }

    /// A response ended; returns the body bytes of its request to give back to the budget.
    mutating func responseEndWritten(now: NIODeadline) -> Int {
        isResponseOpen = false
        completedResponses += 1
        requestsInFlight = max(0, requestsInFlight - 1)
        if isIdle { idleSince = now }
        return reserved.isEmpty ? 0 : reserved.removeFirst()
    }

    /// Gives back every reservation (the connection closed); returns the bytes.
    mutating func releaseAll() -> Int {
        defer { reserved.removeAll() }
        return reservedBytes
    }

    /// The timeout that runs now. `firstByteAt` is when the first byte after the last response
    /// (or after the accept) arrived, if one did.
    func timer(firstByteAt: NIODeadline?) -> Timer? {
        if isReadingBody { return .body(lastBodyRead + limits.body) }
        guard requestsInFlight == 0 else { return nil }
        if completedResponses == 0 { return .header(acceptedAt + limits.header) }
        if let firstByteAt { return .header(firstByteAt + limits.header) }
        return .keepAlive(idleSince + limits.keepAlive)
    }

    /// What to do when a timer fires at `now`.
    func expiry(now: NIODeadline, firstByteAt: NIODeadline?) -> Expiry {
        guard let timer = timer(firstByteAt: firstByteAt) else { return .none }
        guard timer.deadline <= now else { return .wait(timer) }
        switch timer {
        case .header:
            // A connection that sent nothing gets no answer (as nginx: no 408 to a preconnect).
            return firstByteAt == nil ? .close : .answerTimeout(header: true)
        case .body:
            return canAnswer ? .answerTimeout(header: false) : .close
        case .keepAlive:
            return .close
        }
    }
}
