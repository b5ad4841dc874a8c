import HTTPTypes

/// The legacy API's paths: which requests belong to it, and which methods each path answers.
///
/// Every route exists twice: at the root and under ``researcherPrefix``. Paths under `/api` that
/// are not legacy (`/api`, `/api/v1/namespaces/…`) belong to the embedded Kubernetes API.
enum LegacyRoutes {
    /// The prefix of the legacy API as a cluster exposed it (`https://<cluster>/researcher/api/v1/…`).
    static let researcherPrefix = "researcher"

    /// The route prefixes: the root and `researcher`.
    static let prefixes = ["", researcherPrefix]

    /// One path pattern and its methods; `:name` matches one segment.
    struct Pattern: Sendable {
        var segments: [String]
        var methods: [HTTPRequest.Method]

        func matches(_ path: [Substring]) -> Bool {
            path.count == segments.count
                && zip(segments, path).allSatisfy { pattern, segment in pattern.hasPrefix(":") || pattern == segment }
        }
    }

    /// Every legacy path pattern, relative to a prefix.
    static let patterns: [Pattern] = [
        Pattern(segments: ["api", "v1", "jobs"], methods: [.get, .post, .delete]),
        Pattern(segments: ["api", "v1", "jobs", ":project"], methods: [.get]),
        Pattern(segments: ["api", "v1", "jobs", ":project", ":job"], methods: [.get]),
        Pattern(segments: ["api", "v1", "job"], methods: [.post, .delete]),
        Pattern(segments: ["api", "v1", "job", ":project"], methods: [.get]),
        Pattern(segments: ["api", "v1", "job", ":project", ":job"], methods: [.get]),
        Pattern(segments: ["api", "job"], methods: [.get, .post, .delete]),
        Pattern(segments: ["api", "v1", "projects"], methods: [.get]),
        Pattern(segments: ["api", "v1", "version"], methods: [.get]),
    ]

    /// The first segments that make a path under `/api` legacy.
    private static let legacyHeads: [[String]] = [
        ["api", "v1", "jobs"], ["api", "v1", "job"], ["api", "job"], ["api", "v1", "projects"], ["api", "v1", "version"],
    ]

    /// Whether `path` belongs to the legacy API: everything under `/researcher`, and the legacy
    /// resources under `/api` (but not the Kubernetes core API there).
    static func isLegacy(_ path: String) -> Bool {
        let segments = split(path)
        if segments.first == Substring(researcherPrefix) { return true }
        return legacyHeads.contains { head in
            segments.count >= head.count && zip(head, segments).allSatisfy { $0 == $1 }
        }
    }

    /// The methods a legacy path answers; empty when no legacy route has this path.
    static func allowedMethods(_ path: String) -> [HTTPRequest.Method] {
        var segments = split(path)
        if segments.first == Substring(researcherPrefix) { segments.removeFirst() }
        return patterns.first { $0.matches(segments) }?.methods ?? []
    }

    private static func split(_ path: String) -> [Substring] {
        let withoutQuery = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return withoutQuery.split(separator: "/", omittingEmptySubsequences: true)
    }
}
