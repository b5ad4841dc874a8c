import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird

/// Builds the embedded API's responses: compact JSON with `Content-Type: application/json`.
enum KubeResponse {
    /// The content type of every embedded API answer.
    static let contentType = "application/json"

    /// A JSON response for `value`, compact with sorted keys.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, contentType: String = contentType) -> Response {
        raw(value.compactData, status: status, contentType: contentType)
    }

    /// A response whose body is already-encoded JSON.
    static func raw(_ body: Data, status: HTTPResponse.Status = .ok, contentType: String = contentType) -> Response {
        Response(
            status: status,
            headers: [.contentType: contentType, .contentLength: "\(body.count)"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
