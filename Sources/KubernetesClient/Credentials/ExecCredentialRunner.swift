import Foundation

/// Runs a `client.authentication.k8s.io` exec plugin and reads its `ExecCredential`. Blocking: call
/// it on a thread pool, never on the cooperative pool.
enum ExecCredentialRunner {
    /// What a plugin answered.
    struct Credential: Sendable {
        /// The bearer token, if it gave one.
        var token: Redacted<String>?
        /// The client certificate, if it gave one.
        var clientCertificate: KubernetesClientConfiguration.ClientCertificate?
        /// When the credential stops being valid; `nil`: until the server rejects it.
        var expiration: Date?
    }

    private struct ExecCredential: Decodable {
        struct Status: Decodable {
            var token: String?
            var clientCertificateData: String?
            var clientKeyData: String?
            var expirationTimestamp: String?
        }
        var apiVersion: String?
        var kind: String?
        var status: Status?
    }

    /// Runs the plugin once.
    /// - Throws: ``KubernetesError/Code/credentialsFailed``, naming the command but never its output.
    static func run(_ plugin: KubernetesClientConfiguration.ExecPlugin) throws -> Credential {
        let executable = try resolve(plugin)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = plugin.arguments
        var environment = ProcessInfo.processInfo.environment
        environment.merge(plugin.environment) { $1 }
        environment["KUBERNETES_EXEC_INFO"] =
            #"{"apiVersion":"\#(plugin.apiVersion)","kind":"ExecCredential","spec":{"interactive":false}}"#
        process.environment = environment
        let output = Pipe()
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("exec-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer { try? errorHandle.close() }
        process.standardOutput = output
        process.standardError = errorHandle
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw failure(plugin, "could not be started")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let stderr = (try? Data(contentsOf: errorFile)).map { String(decoding: $0.suffix(300), as: UTF8.self) } ?? ""
            let detail = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw failure(plugin, "exited with status \(process.terminationStatus)" + (detail.isEmpty ? "" : ": \(detail)"))
        }
        return try parse(data, plugin: plugin)
    }

    /// Reads an `ExecCredential` document.
    static func parse(_ data: Data, plugin: KubernetesClientConfiguration.ExecPlugin) throws -> Credential {
        guard let credential = try? JSONDecoder().decode(ExecCredential.self, from: data) else {
            throw failure(plugin, "did not print an ExecCredential as JSON")
        }
        guard credential.kind == "ExecCredential", credential.apiVersion == plugin.apiVersion else {
            let printed = "kind \(credential.kind ?? "none"), apiVersion \(credential.apiVersion ?? "none")"
            throw failure(plugin, "printed \(printed); expected ExecCredential, \(plugin.apiVersion)")
        }
        guard let status = credential.status else { throw failure(plugin, "printed no status") }
        var result = Credential()
        if let token = status.token, !token.isEmpty { result.token = Redacted(token) }
        switch (status.clientCertificateData, status.clientKeyData) {
        case (let certificate?, let key?) where !certificate.isEmpty && !key.isEmpty:
            result.clientCertificate = .init(certificate: Redacted(Data(certificate.utf8)), key: Redacted(Data(key.utf8)))
        case (nil, nil):
            break
        default:
            throw failure(plugin, "printed a client certificate without its key, or a key without its certificate")
        }
        guard result.token != nil || result.clientCertificate != nil else {
            throw failure(plugin, "printed neither a token nor a client certificate")
        }
        if let timestamp = status.expirationTimestamp {
            guard let date = parseTimestamp(timestamp) else {
                throw failure(plugin, "printed an expirationTimestamp that is not RFC 3339")
            }
            result.expiration = date
        }
        return result
    }

    /// Parses an RFC 3339 time, with or without fractional seconds.
    static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    private static func resolve(_ plugin: KubernetesClientConfiguration.ExecPlugin) throws -> String {
        let command = plugin.command
        if command.hasPrefix("/") { return command }
        if command.contains("/") {
            let base = plugin.workingDirectory ?? FileManager.default.currentDirectoryPath
            return URL(fileURLWithPath: base).appendingPathComponent(command).standardizedFileURL.path
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw failure(plugin, "was not found on PATH" + (plugin.installHint.map { ". \($0)" } ?? ""))
    }

    private static func failure(_ plugin: KubernetesClientConfiguration.ExecPlugin, _ problem: String) -> KubernetesError {
        KubernetesError(.credentialsFailed, "the exec credential plugin \(plugin.command) \(problem)")
    }
}
