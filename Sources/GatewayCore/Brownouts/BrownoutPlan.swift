import Foundation

/// One brownout window: from ``start`` (inclusive) to ``end`` (exclusive) the legacy calls it
/// covers answer `410 Gone`.
public struct BrownoutWindow: Sendable, Equatable {
    /// The window's name, shown in the 410 body and the metrics.
    public var name: String
    /// When the window opens.
    public var start: Date
    /// When the window closes; after ``start``.
    public var end: Date
    /// The clients it covers (the client identity of the metrics); `nil` covers every client.
    public var clients: Set<String>?
    /// The legacy endpoints it covers (`submit`, `getJob`, …); `nil` covers every endpoint.
    public var endpoints: Set<String>?
    /// Why the window exists, shown to the caller; `nil` says the legacy API is being retired.
    public var reason: String?
    /// Whether polls (GET) are spared in this window; `nil` follows ``BrownoutPlan/exemptPolls``.
    public var exemptPolls: Bool?

    /// Creates a window.
    public init(
        name: String,
        start: Date,
        end: Date,
        clients: Set<String>? = nil,
        endpoints: Set<String>? = nil,
        reason: String? = nil,
        exemptPolls: Bool? = nil
    ) {
        self.name = name
        self.start = start
        self.end = end
        self.clients = clients
        self.endpoints = endpoints
        self.reason = reason
        self.exemptPolls = exemptPolls
    }
}

/// The configured brownouts: the windows, the clients never browned out and whether polls are
/// spared. Pure: the caller passes the time, the client and the endpoint.
public struct BrownoutPlan: Sendable, Equatable {
    /// The windows, in the file's order.
    public var windows: [BrownoutWindow]
    /// Clients no window covers (the client identity of the metrics).
    public var exemptClients: Set<String>
    /// Whether polls (GET and HEAD) are spared by every window that does not say otherwise.
    public var exemptPolls: Bool

    /// Creates a plan.
    public init(windows: [BrownoutWindow] = [], exemptClients: Set<String> = [], exemptPolls: Bool = false) {
        self.windows = windows
        self.exemptClients = exemptClients
        self.exemptPolls = exemptPolls
    }

    /// A call to brown out.
    public struct Call: Sendable, Equatable {
        /// The client identity (token user, else `RA-USER`, else `User-Agent`).
        public var client: String
        /// The legacy endpoint's name (`submit`, `getJob`, …).
        public var endpoint: String
        /// Whether the call only reads (GET or HEAD).
        public var isPoll: Bool

        /// Creates a call.
        public init(client: String, endpoint: String, isPoll: Bool) {
            self.client = client
            self.endpoint = endpoint
            self.isPoll = isPoll
        }
    }

    /// Whether any window is open at `now`: cheap enough to ask before classifying a call.
    public func hasOpenWindow(at now: Date) -> Bool {
        windows.contains { $0.start <= now && now < $0.end }
    }

    /// The first window that browns `call` out at `now`, or `nil` when the call is served.
    public func window(for call: Call, at now: Date) -> BrownoutWindow? {
        guard !exemptClients.contains(call.client) else { return nil }
        return windows.first { window in
            guard window.start <= now, now < window.end else { return false }
            if call.isPoll, window.exemptPolls ?? exemptPolls { return false }
            if let clients = window.clients, !clients.contains(call.client) { return false }
            if let endpoints = window.endpoints, !endpoints.contains(call.endpoint) { return false }
            return true
        }
    }

    /// A rule a plan breaks, naming the key at fault.
    public struct Violation: Error, Sendable, Equatable, CustomStringConvertible {
        /// The key, e.g. `windows[1].end`.
        public var key: String
        /// The rule it breaks.
        public var rule: String

        /// `windows[1].end must be after windows[1].start (…)`.
        public var description: String { "\(key) \(rule)" }
    }

    /// Checks the windows: each ends after it starts and has not ended by `now`, names are
    /// unique, and endpoints are among `knownEndpoints`.
    /// - Throws: ``Violation`` naming the first key at fault and the rule.
    public func validate(now: Date, knownEndpoints: [String]) throws(Violation) {
        var names = Set<String>()
        for (index, window) in windows.enumerated() {
            let key = "windows[\(index)]"
            guard names.insert(window.name).inserted else {
                throw Violation(key: "\(key).name", rule: "repeats the window name \(window.name); names must be unique")
            }
            guard window.end > window.start else {
                throw Violation(
                    key: "\(key).end",
                    rule: "must be after \(key).start (\(Self.iso8601(window.start))), not \(Self.iso8601(window.end))"
                )
            }
            guard window.end > now else {
                throw Violation(
                    key: "\(key).end",
                    rule: "is in the past (\(Self.iso8601(window.end)), now \(Self.iso8601(now))); remove the window or move it"
                )
            }
            for endpoint in (window.endpoints ?? []).sorted() where !knownEndpoints.contains(endpoint) {
                throw Violation(
                    key: "\(key).endpoints",
                    rule: "names \(endpoint), which is not a legacy endpoint; expected \(knownEndpoints.joined(separator: ", "))"
                )
            }
        }
    }

    /// `2027-01-10T09:00:00Z`.
    public static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
