import Foundation
import GatewayCore

/// The opaque `continue` token of a paged list: the resourceVersion the list is consistent at
/// and the key of the last object returned, as the apiserver encodes it
/// (base64url of `{"v":"meta.k8s.io/v1","rv":N,"start":"<namespace>/<name>\u0000"}`).
struct ContinueToken: Sendable, Equatable {
    var resourceVersion: Int64
    var after: ObjectKey

    init(resourceVersion: Int64, after: ObjectKey) {
        self.resourceVersion = resourceVersion
        self.after = after
    }

    /// Reads a token. - Throws: 400 BadRequest `invalid continue token: …`.
    init(parsing text: String) throws(KubeStatusError) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let document = try? JSONValue(parsing: data),
            document["v"]?.stringValue == "meta.k8s.io/v1", let version = document["rv"]?.integerValue,
            let start = document["start"]?.stringValue, start.hasSuffix("\u{0}"),
            let slash = start.firstIndex(of: "/")
        else {
            throw .badRequest("invalid continue token: the token is not one this server issued")
        }
        resourceVersion = version
        after = ObjectKey(namespace: String(start[..<slash]), name: String(start[start.index(after: slash)...].dropLast()))
    }

    /// The token text.
    var encoded: String {
        let document: JSONValue = [
            "v": "meta.k8s.io/v1", "rv": .integer(resourceVersion), "start": .string("\(after.namespace)/\(after.name)\u{0}"),
        ]
        return document.compactData.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
