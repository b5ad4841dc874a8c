/// The id of the caller's request that a Kubernetes request is made for, sent as `X-Request-Id`
/// so that one call can be followed from the gateway's log to the API server's audit log.
///
/// Bound by whoever makes the request (``$requestID``); every request the task makes while it is
/// bound carries it. Only letters, digits and `.-_:` are sent, at most 128 of them.
public enum KubernetesRequestCorrelation {
    /// The id to send; `nil` sends none.
    @TaskLocal public static var requestID: String?

    /// The header to send for the current task, if any.
    static var header: (name: String, value: String)? {
        guard let id = requestID, (1...128).contains(id.utf8.count),
            id.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2E || byte == 0x2D
                    || byte == 0x5F || byte == 0x3A
            })
        else { return nil }
        return ("X-Request-Id", id)
    }
}
