import Foundation
import Hummingbird

/// Builds JSON responses with a stable key order.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A `200` JSON response for `value`.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        make(encoded: try encoder.encode(value), status: status)
    }

    /// A JSON response whose body is already encoded.
    static func make(encoded body: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: "\(body.count)"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
