import CCurl
import Foundation
import Synchronization

/// One HTTP attempt on a libcurl easy handle.
///
/// Sendability invariant (why `@unchecked Sendable` is sound here): the easy handle, its header
/// lists and its error buffer are configured in `init` by the creating task, then touched only by
/// the ``CurlMultiLoop`` thread from ``CurlMultiLoop/submit(_:)`` until the transfer completes, and
/// freed in `deinit` when no one else holds the object. The only state shared across threads is
/// the atomic ``isCancelled`` flag and the observer, which is `Sendable`.
final class CurlTransfer: @unchecked Sendable {
    /// The easy handle.
    let handle: UnsafeMutableRawPointer
    /// Receives the head, the body and the outcome.
    let observer: any CurlTransferObserver
    private let cancelled = Atomic<Bool>(false)
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var connectToList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headParser = HeadParser()
    private var headDelivered = false

    /// Makes libcurl ready once per process.
    static let globalInit: CURLcode = ccurl_global_init_default()

    /// Configures an easy handle for a request.
    /// - Throws: ``KubernetesError/Code/tlsFailed`` when libcurl refuses a certificate or key blob.
    init(request: CurlRequest, observer: any CurlTransferObserver) throws {
        guard Self.globalInit == CURLE_OK, let handle = curl_easy_init() else {
            throw KubernetesError(.connectionFailed, "libcurl could not be initialised")
        }
        self.handle = handle
        self.observer = observer
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try configure(request)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        curl_slist_free_all(connectToList)
        errorBuffer.deallocate()
    }

    /// Whether ``cancel()`` was called.
    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Asks the transfer to stop; the loop notices within one poll round (and the progress callback at once).
    func cancel() { cancelled.store(true, ordering: .releasing) }

    /// The HTTP version the answer came with (`2` when HTTP/2 was negotiated). Loop thread only.
    var negotiatedHTTPVersion: String {
        var version = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_HTTP_VERSION, &version)
        return version == Int(CURL_HTTP_VERSION_2_0) ? "2" : version == Int(CURL_HTTP_VERSION_3) ? "3" : "1.1"
    }

    // MARK: - Options

    private func configure(_ request: CurlRequest) throws {
        let me = Unmanaged.passUnretained(self).toOpaque()
        var status = ccurl_setopt_string(handle, CURLOPT_URL, request.url)
        func set(_ option: CURLoption, _ value: Int) { if status == CURLE_OK { status = ccurl_setopt_long(handle, option, value) } }
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_NOPROGRESS, 0)
        set(CURLOPT_TCP_KEEPALIVE, 1)
        set(CURLOPT_PIPEWAIT, 1)
        set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout))
        set(CURLOPT_TIMEOUT_MS, request.timeout.map(Self.milliseconds) ?? 0)
        set(CURLOPT_FOLLOWLOCATION, 0)
        _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = ccurl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        _ = ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = ccurl_setopt_write_function(handle, Self.writeCallback)
        _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, me)
        _ = ccurl_setopt_header_function(handle, Self.headerCallback)
        _ = ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, me)
        _ = ccurl_setopt_xferinfo_function(handle, Self.progressCallback)
        _ = ccurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, me)

        switch request.method {
        case "GET": set(CURLOPT_HTTPGET, 1)
        case "POST": break
        default: _ = ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        }
        if let body = request.body, !body.isEmpty {
            _ = ccurl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            _ = body.withUnsafeBytes { bytes in
                ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
        } else if request.body != nil || request.method == "POST" {
            _ = ccurl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, 0)
            _ = ccurl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
        }

        var headers = request.headers.map { "\($0.name): \($0.value)" } + ["Expect:"]
        if let token = request.bearerToken { headers.append("Authorization: Bearer \(token.value)") }
        for line in headers { headerList = curl_slist_append(headerList, line) }
        _ = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
        if request.bypassProxy { _ = ccurl_setopt_string(handle, CURLOPT_NOPROXY, "*") }
        if let connectTo = request.connectTo {
            connectToList = curl_slist_append(nil, connectTo)
            _ = ccurl_setopt_slist(handle, CURLOPT_CONNECT_TO, connectToList)
        }
        guard status == CURLE_OK else { throw KubernetesError(.invalidRequest, "libcurl rejected an option: \(Self.text(status))") }
        try configureTLS(request.tls)
    }

    private func configureTLS(_ tls: KubernetesClientConfiguration.TLS) throws {
        if tls.insecureSkipVerify {
            _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0)
            _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0)
        }
        if let ca = tls.certificateAuthority {
            try setBlob(CURLOPT_CAINFO_BLOB, ca.value, what: "the certificate authority")
            _ = ccurl_setopt_string(handle, CURLOPT_CAPATH, nil)
        }
        if let client = tls.clientCertificate {
            _ = ccurl_setopt_string(handle, CURLOPT_SSLCERTTYPE, "PEM")
            try setBlob(CURLOPT_SSLCERT_BLOB, client.certificate.value, what: "the client certificate")
            _ = ccurl_setopt_string(handle, CURLOPT_SSLKEYTYPE, "PEM")
            try setBlob(CURLOPT_SSLKEY_BLOB, client.key.value, what: "the client key")
        }
    }

    private func setBlob(_ option: CURLoption, _ data: Data, what: String) throws {
        let status = data.withUnsafeBytes { ccurl_setopt_blob_copy(handle, option, $0.baseAddress, $0.count) }
        guard status == CURLE_OK else { throw KubernetesError(.tlsFailed, "libcurl refused \(what): \(Self.text(status))") }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        max(1, Int(duration.milliseconds))
    }

    // MARK: - Outcome

    /// Turns libcurl's result into the observer's outcome. Loop thread only.
    func complete(_ code: CURLcode) {
        if code == CURLE_OK {
            deliverHeadIfNeeded()
            observer.transferCompleted(nil)
        } else {
            observer.transferCompleted(failure(for: code))
        }
    }

    /// Ends the transfer without libcurl's verdict (cancellation, shutdown). Loop thread only.
    func complete(_ failure: TransportFailure) { observer.transferCompleted(failure) }

    private func failure(for code: CURLcode) -> TransportFailure {
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? Self.text(code) : detail
        switch code {
        case CURLE_ABORTED_BY_CALLBACK:
            return TransportFailure(kind: .cancelled, message: message)
        case CURLE_WRITE_ERROR where isCancelled:
            return TransportFailure(kind: .cancelled, message: message)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return TransportFailure(kind: .couldNotConnect, message: message)
        case CURLE_OPERATION_TIMEDOUT:
            return TransportFailure(kind: .timedOut, message: message)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_USE_SSL_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED:
            return TransportFailure(kind: .tls, message: message)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2,
            CURLE_HTTP2_STREAM:
            return TransportFailure(kind: .connectionLost, message: message)
        default:
            return TransportFailure(kind: .other, message: message)
        }
    }

    private static func text(_ code: CURLcode) -> String { String(cString: curl_easy_strerror(code)) }

    // MARK: - Callbacks (loop thread)

    private func deliverHeadIfNeeded() {
        guard !headDelivered, let status = headParser.status else { return }
        headDelivered = true
        observer.transferReceivedHead(
            HTTPResponseHead(status: status, headers: headParser.headers, httpVersion: negotiatedHTTPVersion)
        )
    }

    private static let writeCallback: ccurl_data_callback = { buffer, size, count, userdata in
        guard let userdata, let buffer else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        let length = size * count
        transfer.deliverHeadIfNeeded()
        if transfer.isCancelled { return 0 }
        let keepGoing = transfer.observer.transferReceived(UnsafeRawBufferPointer(start: buffer, count: length))
        return keepGoing ? length : 0
    }

    private static let headerCallback: ccurl_data_callback = { buffer, size, count, userdata in
        guard let userdata, let buffer else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        let length = size * count
        let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self)
        if transfer.headParser.consume(line) { transfer.deliverHeadIfNeeded() }
        return length
    }

    private static let progressCallback: ccurl_xferinfo_callback = { userdata, _, _, _, _ in
        guard let userdata else { return 0 }
        return Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue().isCancelled ? 1 : 0
    }
}
