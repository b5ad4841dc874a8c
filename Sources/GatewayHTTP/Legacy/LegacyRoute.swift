import HTTPTypes
import Hummingbird

/// One row of the legacy route table: a path template, a method, and the endpoint it is.
///
/// The template is relative to a mount point (the root or `researcher`) and written as the
/// OpenAPI document writes it, `api/v1/jobs/{project}`: Hummingbird reads `{name}` as a
/// parameter, and the OpenAPI document's paths are compared with the table by a test.
struct LegacyRoute: Sendable, Equatable, CustomStringConvertible {
    /// One segment of a template.
    enum Segment: Sendable, Equatable {
        /// A segment the path must have as it is, as UTF-8.
        case literal([UInt8])
        /// Any one segment, read as the named parameter.
        case parameter(String)
    }

    /// The method the row answers.
    let method: HTTPRequest.Method
    /// The path template, without a leading `/`: `api/v1/job/{projectName}/{jobName}`.
    let path: String
    /// What the row does.
    let endpoint: LegacyEndpoint
    /// The template's segments.
    let segments: [Segment]
    /// The names of the path's parameters, in order: the project, then the job.
    let parameters: [String]

    /// A row; its template must have as many parameters as `endpoint` reads (a programming error otherwise).
    init(_ method: HTTPRequest.Method, _ path: String, _ endpoint: LegacyEndpoint) {
        self.method = method
        self.path = path
        self.endpoint = endpoint
        let segments = path.split(separator: "/").map { segment -> Segment in
            segment.hasPrefix("{") && segment.hasSuffix("}")
                ? .parameter(String(segment.dropFirst().dropLast())) : .literal(Array(segment.utf8))
        }
        let parameters = segments.compactMap { segment -> String? in
            guard case .parameter(let name) = segment else { return nil }
            return name
        }
        self.segments = segments
        self.parameters = parameters
        precondition(parameters.count == endpoint.pathParameterCount, "\(path) must have \(endpoint.pathParameterCount) parameters")
    }

    /// The template as the router matches it.
    var routerPath: RouterPath { RouterPath(path) }

    /// The literal segments before the first parameter: `api/v1/jobs` for `api/v1/jobs/{project}`.
    var literalHead: [String] {
        path.split(separator: "/").prefix { !$0.hasPrefix("{") }.map(String.init)
    }

    /// `GET /api/v1/jobs/{project}`.
    var description: String { "\(method.rawValue) /\(path)" }

    /// Whether the segments `path` has left (of `bytes`) fill this template exactly.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>, segments path: PathSegments) -> Bool {
        var path = path
        for segment in segments {
            guard let range = path.next() else { return false }
            if case .literal(let literal) = segment, !PathSegments.segment(range, of: bytes, equals: literal) { return false }
        }
        return path.next() == nil
    }
}
