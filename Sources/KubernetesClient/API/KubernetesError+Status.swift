import Foundation

extension KubernetesError {
    /// The code for an HTTP status and a `Status` reason.
    static func code(httpStatus: Int, reason: String?) -> Code {
        switch (httpStatus, reason) {
        case (409, "AlreadyExists"): .alreadyExists
        case (409, _): .conflict
        case (400, _): .badRequest
        case (401, _): .unauthorized
        case (403, _): .forbidden
        case (404, _): .notFound
        case (405, _): .methodNotAllowed
        case (410, _): .expired
        case (415, _): .unsupportedMediaType
        case (422, _): .invalid
        case (429, _): .tooManyRequests
        case (504, _), (500, "ServerTimeout"), (500, "Timeout"): .serverTimeout
        case (500...599, _): .serverError
        default: .unexpectedResponse
        }
    }

    /// The error a `Status` object stands for (a failed answer, or an `ERROR` watch event), as the
    /// client throws it; public for fakes of ``KubernetesAPI`` that answer with `Status` objects.
    /// - Parameters:
    ///   - status: The `Status` the server sent.
    ///   - httpStatus: The answer's HTTP status; `nil` for a watch event (`status.code` then counts).
    ///   - retryAfterSeconds: The answer's `Retry-After`, if any.
    public init(status: KubernetesStatus, httpStatus: Int?, retryAfterSeconds: Int? = nil) {
        let http = status.code ?? httpStatus ?? 500
        let message = status.message.flatMap { $0.isEmpty ? nil : $0 } ?? status.reason ?? "HTTP \(http)"
        self.init(
            Self.code(httpStatus: http, reason: status.reason),
            message,
            httpStatus: http,
            reason: status.reason,
            details: status.details,
            retryAfterSeconds: retryAfterSeconds ?? status.details?.retryAfterSeconds
        )
    }

    /// The error an unsuccessful answer stands for: its `Status` body when it has one, else a
    /// short excerpt of whatever the server (or a proxy in front of it) sent.
    init(response head: HTTPResponseHead, body: Data) {
        if let status = try? JSONDecoder().decode(KubernetesStatus.self, from: body), status.kind == "Status" {
            self.init(status: status, httpStatus: head.status, retryAfterSeconds: head.retryAfterSeconds)
            return
        }
        let excerpt = Self.excerpt(of: body)
        self.init(
            Self.code(httpStatus: head.status, reason: nil),
            excerpt.isEmpty ? "HTTP \(head.status) with no explanation" : "HTTP \(head.status): \(excerpt)",
            httpStatus: head.status,
            retryAfterSeconds: head.retryAfterSeconds
        )
    }

    /// The readable text of a non-`Status` body: an HTML page's title, or the text with tags
    /// removed and whitespace collapsed; at most 200 characters.
    static func excerpt(of body: Data) -> String {
        var text = String(decoding: body.prefix(4096), as: UTF8.self)
        if let title = text.range(of: "<title>"), let end = text.range(of: "</title>"), title.upperBound <= end.lowerBound {
            text = String(text[title.upperBound..<end.lowerBound])
        }
        var plain = ""
        var inTag = false
        for character in text {
            switch character {
            case "<":
                inTag = true
                plain.append(" ")
            case ">": inTag = false
            default: if !inTag { plain.append(character) }
            }
        }
        let collapsed = plain.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return collapsed.count > 200 ? String(collapsed.prefix(200)) + "…" : collapsed
    }
}
