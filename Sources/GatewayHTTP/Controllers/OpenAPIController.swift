import Hummingbird

/// `GET /openapi.yaml`: the legacy API's OpenAPI document, embedded in the binary at build time.
struct OpenAPIController: Sendable {
    /// The document's file in the top-level `openapi/` folder.
    static let documentName = "legacy-inference.yaml"

    /// The embedded document's text.
    static var document: String? {
        EmbeddedOpenAPI.files.first { $0.name == documentName }?.contents
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        router.get("openapi.yaml") { _, _ -> Response in
            guard let document = Self.document else {
                throw HTTPError(.notFound, message: "no OpenAPI document is embedded in this build")
            }
            let body = ByteBuffer(string: document)
            return Response(
                status: .ok,
                headers: [.contentType: "application/yaml; charset=utf-8", .contentLength: "\(body.readableBytes)"],
                body: .init(byteBuffer: body)
            )
        }
    }
}
