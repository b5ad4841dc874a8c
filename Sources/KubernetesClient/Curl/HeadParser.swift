import Foundation

/// Collects the status line and header fields of an answer, line by line as libcurl hands them over.
///
/// Interim answers (`100 Continue`) are dropped; ``consume(_:)`` reports when the final head is complete.
struct HeadParser: Sendable {
    /// The final status, once a status line was read.
    private(set) var status: Int?
    /// Header fields, names lower-cased; repeats joined with `, `.
    private(set) var headers: [String: String] = [:]

    /// Takes one header line (with or without its CRLF).
    /// - Returns: `true` when this line ended the head of a final (non-1xx) answer.
    mutating func consume(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: ["\r", "\n"])
        if trimmed.isEmpty {
            guard let status else { return false }
            if status < 200 {
                self.status = nil
                headers = [:]
                return false
            }
            return true
        }
        if trimmed.hasPrefix("HTTP/") {
            let parts = trimmed.split(separator: " ", maxSplits: 2)
            status = parts.count >= 2 ? Int(parts[1]) : nil
            headers = [:]
            return false
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return false }
        let name = trimmed[..<colon].lowercased()
        let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: [" ", "\t"])
        headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        return false
    }
}
