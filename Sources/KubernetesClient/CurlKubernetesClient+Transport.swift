import Foundation
import Logging

extension CurlKubernetesClient {
    /// Sends a request: waits for the rate limit, adds credentials, retries as the ``RetryPlanner``
    /// says, and gets fresh credentials once after a 401.
    /// - Returns: A 2xx answer.
    /// - Throws: ``KubernetesError``.
    func send(_ request: KubernetesRequest) async throws -> HTTPResponse {
        try await withAttempts(request, timeout: configuration.timeouts.request) { curlRequest in
            let response = try await BufferedExchange.perform(curlRequest, on: loop)
            guard (200..<300).contains(response.head.status) else {
                throw KubernetesError(response: response.head, body: response.body)
            }
            return (response, response.head)
        }
    }

    /// Opens a watch connection, with the same rate limit, credentials and retries as ``send(_:)``.
    /// - Parameter timeout: The whole-transfer timeout; `nil` for none.
    func openWatch(_ request: KubernetesRequest, timeout: Duration?) async throws -> WatchConnection {
        try await withAttempts(request, timeout: timeout) { curlRequest in
            let connection = try await WatchConnection.open(curlRequest, on: loop)
            return (connection, connection.head)
        }
    }

    /// Runs attempts until one succeeds or the ``RetryPlanner`` gives up. `perform` returns the
    /// value and the answer's head, or throws a ``KubernetesError`` with an HTTP status for an
    /// unsuccessful answer, or a ``TransportFailure``.
    private func withAttempts<Value>(
        _ request: KubernetesRequest,
        timeout: Duration?,
        _ perform: (CurlRequest) async throws -> (Value, HTTPResponseHead?)
    ) async throws -> Value {
        var attempt = 0
        var reauthenticated = false
        var random = SystemRandomNumberGenerator()
        let started = ContinuousClock.now
        var metadata: Logger.Metadata = ["kubernetes.method": "\(request.method)", "kubernetes.path": "\(request.path)"]
        while true {
            attempt += 1
            metadata["kubernetes.attempt"] = "\(attempt)"
            do {
                try await limiter.acquire()
            } catch {
                throw KubernetesError(.cancelled, "the request was cancelled")
            }
            let credentials = try await self.credentials.current()
            let curlRequest = makeCurlRequest(request, credentials: credentials, timeout: timeout)
            let error: KubernetesError
            let outcome: RetryPlanner.Outcome
            do {
                let (value, head) = try await perform(curlRequest)
                metadata["kubernetes.status"] = head.map { "\($0.status)" }
                metadata["kubernetes.http_version"] = head.map { "\($0.httpVersion)" }
                metadata["kubernetes.duration_ms"] = "\((ContinuousClock.now - started).milliseconds)"
                logger.debug("kubernetes request done", metadata: metadata)
                return value
            } catch let answer as KubernetesError {
                guard let status = answer.httpStatus else { throw answer }
                if status == 401, !reauthenticated, await self.credentials.rejected(credentials.generation) {
                    reauthenticated = true
                    logger.debug("kubernetes request unauthorized; trying fresh credentials", metadata: metadata)
                    continue
                }
                error = answer
                outcome = .status(status, retryAfterSeconds: answer.retryAfterSeconds)
            } catch let failure as TransportFailure {
                if failure.kind == .cancelled || Task.isCancelled {
                    throw TransportFailure(kind: .cancelled, message: "").kubernetesError
                }
                error = failure.kubernetesError
                outcome = .transport(failure.kind)
            }
            metadata["kubernetes.error"] = "\(error.code)"
            metadata["kubernetes.status"] = error.httpStatus.map { "\($0)" }
            guard let delay = retryPlanner.delay(after: attempt, outcome: outcome, idempotent: request.idempotent, random: &random)
            else {
                logger.debug("kubernetes request failed", metadata: metadata)
                throw error
            }
            metadata["kubernetes.retry_in_ms"] = "\(delay.milliseconds)"
            logger.info("kubernetes request failed; retrying", metadata: metadata)
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw KubernetesError(.cancelled, "the request was cancelled")
            }
        }
    }

    private func makeCurlRequest(
        _ request: KubernetesRequest,
        credentials: ResolvedCredentials,
        timeout: Duration?
    ) -> CurlRequest {
        var headers: [(name: String, value: String)] = [("Accept", "application/json"), ("User-Agent", configuration.userAgent)]
        if let contentType = request.contentType { headers.append(("Content-Type", contentType)) }
        if let host = endpoint.hostHeader { headers.append(("Host", host)) }
        if let correlation = KubernetesRequestCorrelation.header { headers.append(correlation) }
        var tls = configuration.tls
        tls.clientCertificate = credentials.clientCertificate
        return CurlRequest(
            method: request.method,
            url: endpoint.base + request.target,
            headers: headers,
            body: request.body,
            bearerToken: credentials.bearerToken,
            connectTimeout: configuration.timeouts.connect,
            timeout: timeout,
            tls: tls,
            connectTo: endpoint.connectTo,
            bypassProxy: endpoint.isLoopback
        )
    }
}
