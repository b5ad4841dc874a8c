import ArgumentParser
import Foundation
import GatewayHTTP

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension InferenceGateway {
    /// `inference-gateway usage`: who still calls the legacy API, from a running gateway.
    ///
    /// It asks the gateway's `GET /api/v1/migration/usage` rather than opening the database: the
    /// figures are the ones the `/migration` page shows, the gateway's auth applies, and it works
    /// from any machine that reaches the gateway, without the database file or its lock.
    struct Usage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show who still calls the legacy API: calls, errors, first and last seen per client and endpoint.",
            discussion: """
                Reads GET /api/v1/migration/usage of a running gateway. The bearer token, when the gateway needs one, \
                is read from GATEWAY_TOKEN or --token-file; it must list every project ("*").
                """
        )

        /// The output formats.
        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case table, json
        }

        @Option(help: "The gateway's base URL (env GATEWAY_URL).")
        var server: String?

        @Option(help: "A file holding the bearer token (else env GATEWAY_TOKEN).")
        var tokenFile: String?

        @Option(help: "Only this client.")
        var client: String?

        @Option(help: "Only this legacy endpoint (submit, delete, listJobs, listProjectJobs, getJob, listProjects, version, unknown).")
        var endpoint: String?

        @Option(help: "From this UTC day, YYYY-MM-DD.")
        var from: String?

        @Option(help: "To this UTC day, YYYY-MM-DD (included).")
        var to: String?

        @Option(name: .shortAndLong, help: "table or json.")
        var output: OutputFormat = .table

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let base = server ?? environment["GATEWAY_URL"] ?? "http://127.0.0.1:8080"
            guard var components = URLComponents(string: base), components.scheme != nil else {
                throw ValidationError("--server must be a URL such as http://127.0.0.1:8080, not \(base)")
            }
            components.path = components.path.trimmingSuffix("/") + "/api/v1/migration/usage"
            let filters = [("client", client), ("endpoint", endpoint), ("from", from), ("to", to)]
            let items = filters.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
            components.queryItems = items.isEmpty ? nil : items
            guard let url = components.url else { throw ValidationError("cannot make a URL of \(base)") }
            var request = URLRequest(url: url)
            if let token = try token(environment) { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            let (data, response): (Data, URLResponse)
            do {
                (data, response) = try await URLSession.shared.data(for: request)
            } catch {
                FileHandle.standardError.write(Data("error: cannot reach \(url.absoluteString): \(error.localizedDescription)\n".utf8))
                throw ExitCode.failure
            }
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard status == 200 else {
                let message = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["message"] as? String
                FileHandle.standardError.write(
                    Data("error: the gateway answered \(status): \(message ?? String(decoding: data, as: UTF8.self))\n".utf8)
                )
                throw ExitCode.failure
            }
            switch output {
            case .json: print(String(decoding: data, as: UTF8.self))
            case .table: print(try UsageTable.render(json: data), terminator: "")
            }
        }

        private func token(_ environment: [String: String]) throws -> String? {
            if let tokenFile {
                guard let data = FileManager.default.contents(atPath: tokenFile) else { throw ValidationError("cannot read \(tokenFile)") }
                return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return environment["GATEWAY_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
