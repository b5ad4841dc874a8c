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

    /// The third segments that make a path under `/api/v1` legacy (`/api/job` is legacy too).
    private static let legacyV1Resources = ["jobs", "job", "projects", "version"]

    /// Whether `path` belongs to the legacy API: everything under `/researcher`, and the legacy
    /// resources under `/api` (but not the Kubernetes core API there).
    ///
    /// Runs on every request, so it compares segments in place without splitting the path.
    static func isLegacy(_ path: String) -> Bool {
        var segments = PathSegments(path)
        guard let first = segments.next() else { return false }
        if first.elementsEqual(researcherPrefix.utf8) { return true }
        guard first.elementsEqual("api".utf8), let second = segments.next() else { return false }
        if second.elementsEqual("job".utf8) { return true }
        guard second.elementsEqual("v1".utf8), let third = segments.next() else { return false }
        return legacyV1Resources.contains { third.elementsEqual($0.utf8) }
    }

    /// The non-empty `/`-separated segments of a path, up to its query, as UTF-8 slices.
    private struct PathSegments: IteratorProtocol {
        private let bytes: String.UTF8View
        private var index: String.UTF8View.Index

        init(_ path: String) {
            bytes = path.utf8
            index = bytes.startIndex
        }

        mutating func next() -> Substring.UTF8View? {
            while index < bytes.endIndex, bytes[index] == UInt8(ascii: "/") { bytes.formIndex(after: &index) }
            guard index < bytes.endIndex, bytes[index] != UInt8(ascii: "?") else { return nil }
            let start = index
            while index < bytes.endIndex, bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: "?") {
                bytes.formIndex(after: &index)
            }
            let segment = Substring(bytes[start..<index]).utf8
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "?") { index = bytes.endIndex }
            return segment
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
