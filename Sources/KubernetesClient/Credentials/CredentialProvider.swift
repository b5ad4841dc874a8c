import Foundation
import Logging
import NIOPosix

/// The credentials of one request, as the ``CredentialProvider`` has them now.
struct ResolvedCredentials: Sendable {
    /// The bearer token, if any.
    var bearerToken: Redacted<String>?
    /// The client certificate, if any.
    var clientCertificate: KubernetesClientConfiguration.ClientCertificate?
    /// Which version of the credentials this is; pass it back to ``CredentialProvider/rejected(_:)``.
    var generation: Int
}

/// Keeps the client's credentials fresh: re-reads token files as they rotate, runs exec plugins
/// and caches their answer until it expires, and drops both after the server rejects them (401).
actor CredentialProvider {
    private let credentials: KubernetesClientConfiguration.Credentials
    private let certificate: KubernetesClientConfiguration.ClientCertificate?
    private let logger: Logger
    private var generation = 0
    private var fileToken: (token: Redacted<String>, readAt: ContinuousClock.Instant)?
    private var execCredential: ExecCredentialRunner.Credential?
    private var execWaiters: [CheckedContinuation<ExecCredentialRunner.Credential, any Error>]?

    /// How many times the exec plugin ran; for diagnostics.
    private(set) var execRuns = 0

    /// Creates a provider.
    init(
        credentials: KubernetesClientConfiguration.Credentials,
        certificate: KubernetesClientConfiguration.ClientCertificate?,
        logger: Logger
    ) {
        self.credentials = credentials
        self.certificate = certificate
        self.logger = logger
    }

    /// The credentials to send now.
    /// - Throws: ``KubernetesError/Code/credentialsFailed`` when a token file cannot be read or a plugin fails.
    func current() async throws -> ResolvedCredentials {
        switch credentials {
        case .none:
            return ResolvedCredentials(bearerToken: nil, clientCertificate: certificate, generation: generation)
        case .token(let token):
            return ResolvedCredentials(bearerToken: token, clientCertificate: certificate, generation: generation)
        case .tokenFile(let path, let refreshInterval):
            let token = try readTokenFile(path, refreshInterval: refreshInterval)
            return ResolvedCredentials(bearerToken: token, clientCertificate: certificate, generation: generation)
        case .exec(let plugin):
            let credential = try await runPlugin(plugin)
            return ResolvedCredentials(
                bearerToken: credential.token,
                clientCertificate: credential.clientCertificate ?? certificate,
                generation: generation
            )
        }
    }

    /// The server answered 401 to credentials of this generation: forget them.
    /// - Returns: Whether fresh credentials may differ, so that one more attempt makes sense.
    func rejected(_ rejectedGeneration: Int) -> Bool {
        switch credentials {
        case .none, .token:
            return false
        case .tokenFile, .exec:
            if rejectedGeneration == generation {
                generation += 1
                fileToken = nil
                execCredential = nil
                logger.debug("credentials rejected; they will be obtained again", metadata: ["kubernetes.credentials.generation": "\(generation)"])
            }
            return true
        }
    }

    private func readTokenFile(_ path: String, refreshInterval: Duration) throws -> Redacted<String> {
        let now = ContinuousClock.now
        if let fileToken, now - fileToken.readAt < refreshInterval { return fileToken.token }
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw KubernetesError(.credentialsFailed, "the token file \(path) is empty") }
            let token = Redacted(text)
            if let previous = fileToken?.token, previous != token {
                generation += 1
                logger.debug("token file changed", metadata: ["kubernetes.token_file": "\(path)"])
            }
            fileToken = (token, now)
            return token
        } catch {
            if let fileToken {
                logger.warning("token file unreadable; using the previous token", metadata: ["kubernetes.token_file": "\(path)"])
                return fileToken.token
            }
            if let error = error as? KubernetesError { throw error }
            throw KubernetesError(.credentialsFailed, "cannot read the token file \(path)")
        }
    }

    private func runPlugin(_ plugin: KubernetesClientConfiguration.ExecPlugin) async throws -> ExecCredentialRunner.Credential {
        if let execCredential, execCredential.expiration.map({ $0 > Date() }) ?? true { return execCredential }
        if execWaiters != nil {
            return try await withCheckedThrowingContinuation { execWaiters?.append($0) }
        }
        execWaiters = []
        execCredential = nil
        let result: Result<ExecCredentialRunner.Credential, any Error>
        do {
            execRuns += 1
            logger.debug("running exec credential plugin", metadata: ["kubernetes.exec.command": "\(plugin.command)"])
            result = .success(try await NIOThreadPool.singleton.runIfActive { try ExecCredentialRunner.run(plugin) })
        } catch {
            result = .failure(error)
        }
        if case .success(let credential) = result {
            execCredential = credential
            generation += 1
        }
        let waiters = execWaiters ?? []
        execWaiters = nil
        for waiter in waiters { waiter.resume(with: result) }
        return try result.get()
    }
}
