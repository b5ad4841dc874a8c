/// The non-empty `/`-separated segments of a request path, up to its query, as ranges of its
/// UTF-8 bytes: `//api//v1/jobs?x=/y` has the segments `api`, `v1` and `jobs`.
///
/// Runs on every request (the legacy and Kubernetes paths are told apart with it), so it only
/// moves an index over bytes it borrows: no copy, no allocation.
struct PathSegments: IteratorProtocol {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// The segments of `bytes`, which must outlive the iterator.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The next segment's byte range, or `nil` at the end of the path or at its query.
    mutating func next() -> Range<Int>? {
        while index < bytes.count, bytes[index] == Self.slash { index += 1 }
        guard index < bytes.count, bytes[index] != Self.question else { return nil }
        let start = index
        while index < bytes.count, bytes[index] != Self.slash, bytes[index] != Self.question { index += 1 }
        return start..<index
    }

    /// Whether the segment at `range` of `bytes` is exactly `literal`.
    static func segment(_ range: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>, equals literal: [UInt8]) -> Bool {
        guard range.count == literal.count else { return false }
        var offset = 0
        for index in range {
            guard bytes[index] == literal[offset] else { return false }
            offset += 1
        }
        return true
    }

    /// Runs `body` over the UTF-8 bytes of `path`, in place (a native string's bytes are
    /// contiguous; only a bridged one is copied first).
    static func withBytes<Result>(of path: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = path.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = path
        return copy.withUTF8(body)
    }

    private static let slash = UInt8(ascii: "/")
    private static let question = UInt8(ascii: "?")
}

/// Literal path prefixes, by whole segments, as a tree walked once per path: whether a path
/// starts with one of them.
///
/// ```swift
/// let tree = PathPrefixTree([["researcher"], ["api", "job"], ["api", "v1", "jobs"]])
/// tree.matches("/api/v1/jobs/team-a")  // true
/// tree.matches("/api/v1/jobsx")        // false: segments compare whole
/// ```
struct PathPrefixTree: Sendable {
    private struct Node: Sendable {
        var segment: [UInt8]
        var children: [Int] = []
        /// A prefix ends here: every path below this node matches.
        var isEnd = false
    }

    /// `nodes[0]` is the root (the empty path, which matches nothing).
    private var nodes = [Node(segment: [])]

    /// A tree of `prefixes`, each a list of literal segments.
    init(_ prefixes: [[String]]) {
        for prefix in prefixes where !prefix.isEmpty {
            var node = 0
            for segment in prefix {
                let bytes = Array(segment.utf8)
                if let child = nodes[node].children.first(where: { nodes[$0].segment == bytes }) {
                    node = child
                } else {
                    nodes.append(Node(segment: bytes))
                    nodes[node].children.append(nodes.count - 1)
                    node = nodes.count - 1
                }
            }
            nodes[node].isEnd = true
        }
    }

    /// Whether `path` (up to its query) starts with one of the prefixes, segment by segment.
    func matches(_ path: String) -> Bool {
        PathSegments.withBytes(of: path) { bytes -> Bool in
            var segments = PathSegments(bytes)
            var node = 0
            while let segment = segments.next() {
                guard let child = nodes[node].children.first(where: { PathSegments.segment(segment, of: bytes, equals: nodes[$0].segment) })
                else { return false }
                if nodes[child].isEnd { return true }
                node = child
            }
            return false
        }
    }
}
