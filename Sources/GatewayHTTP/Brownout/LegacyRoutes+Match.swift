import Foundation
import HTTPTypes

extension LegacyRoutes {
    /// The row of ``table`` a request of `method` on `path` comes by, and its path parameters
    /// (the project, then the job); `nil` when no row serves it.
    ///
    /// Walks the table over the path's segments; used only while a brownout window is open.
    static func match(method: HTTPRequest.Method, path: String) -> (row: Int, parameters: [String])? {
        var segments = path.split(separator: "/", omittingEmptySubsequences: true)
        if segments.first == Substring(researcherPrefix) { segments.removeFirst() }
        let answered = method == .head ? HTTPRequest.Method.get : method
        rows: for (row, route) in table.enumerated() where route.method == answered && route.segments.count == segments.count {
            var parameters: [String] = []
            for (segment, template) in zip(segments, route.segments) {
                switch template {
                case .literal(let literal):
                    guard Array(segment.utf8) == literal else { continue rows }
                case .parameter:
                    parameters.append(String(segment).removingPercentEncoding ?? String(segment))
                }
            }
            return (row, parameters)
        }
        return nil
    }
}
