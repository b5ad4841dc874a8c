import Foundation
import KubernetesClient

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where a JSON Web Key Set is read from.
protocol JWKSSource: Sendable {
    /// Names the source in logs: the URL or the path.
    var name: String { get }
    /// The JWKS document.
    /// - Throws: ``OIDCRejection`` saying why it could not be read (never fatal: cached keys stay in use).
    func fetch() async throws -> Data
}

/// The largest JWKS accepted: 1 MiB (Keycloak's has a few keys of about 2 KiB each).
let maximumJWKSSize = 1 << 20

/// A JWKS served over HTTP(S), fetched with Foundation's `URLSession` (libcurl underneath on Linux).
///
/// The gateway's own libcurl client is shaped for the Kubernetes API (kubeconfig, `Status`
/// errors, watches); one GET every few minutes needs none of that, and `FoundationNetworking`
/// ships with the toolchain, so no dependency is added.
struct URLJWKSSource: JWKSSource {
    let url: URL
    let timeout: Duration

    /// The URL as messages show it: without credentials, query or fragment, which may hold secrets.
    var name: String { Self.shown(url) }

    /// `url` without its user, password, query and fragment.
    static func shown(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "the JWKS URL" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "the JWKS URL"
    }

    func fetch() async throws -> Data {
        var request = URLRequest(url: url)
        request.timeoutInterval = timeout.seconds
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = request.timeoutInterval
        configuration.timeoutIntervalForResource = request.timeoutInterval
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw OIDCRejection("cannot fetch \(name): \(error.localizedDescription)")
        }
        guard let status = (response as? HTTPURLResponse)?.statusCode, status == 200 else {
            let status = (response as? HTTPURLResponse)?.statusCode.description ?? "no HTTP status"
            throw OIDCRejection("\(name) answered \(status), not 200")
        }
        guard data.count <= maximumJWKSSize else {
            throw OIDCRejection("\(name) sent \(data.count) bytes, more than the \(maximumJWKSSize) a JWKS may have")
        }
        return data
    }
}

/// A JWKS in a file, read whenever the keys are fetched.
struct FileJWKSSource: JWKSSource {
    let path: String

    var name: String { path }

    func fetch() async throws -> Data {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = (attributes?[.size] as? NSNumber)?.intValue, size > maximumJWKSSize {
            throw OIDCRejection("\(path) has \(size) bytes, more than the \(maximumJWKSSize) a JWKS may have")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OIDCRejection("cannot read \(path)")
        }
        return data
    }
}
