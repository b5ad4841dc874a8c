import Foundation
import HTTPTypes

/// The Kubernetes `Warning` response header: `299 - "<text>"`, one field per warning.
///
/// `kubectl` prints each as `Warning: <text>` on stderr; the Python client logs it.
enum KubeWarning {
    /// The header value for `text`: code 299, agent `-`, the text quoted with `"` and `\` escaped.
    static func header(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "299 - \"\(escaped)\""
    }
}

extension HTTPField.Name {
    /// `Warning`, as the Kubernetes API server sends it.
    static let kubeWarning = HTTPField.Name("Warning")!
}
