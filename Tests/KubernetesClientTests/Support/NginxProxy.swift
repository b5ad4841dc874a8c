import Foundation

#if canImport(Glibc)
import GatewayTestSupport
import Glibc
#endif

/// nginx on 127.0.0.1 terminating TLS in front of the loopback fake API server, run as the
/// current user from a temporary directory. Two listeners: one requires a client certificate
/// signed by the test CA, the other takes bearer tokens only. Both speak HTTP/2 and stream
/// (`proxy_buffering off`) so watches pass through.
final class NginxProxy: Sendable {
    static let executable = "/usr/sbin/nginx"

    /// The port that requires a client certificate.
    let mutualTLSPort: Int
    /// The port that requires no client certificate.
    let tokenPort: Int
    private let process: Process
    private let directory: String

    private init(process: Process, directory: String, mutualTLSPort: Int, tokenPort: Int) {
        self.process = process
        self.directory = directory
        self.mutualTLSPort = mutualTLSPort
        self.tokenPort = tokenPort
    }

    /// Starts nginx and waits until both ports accept connections.
    /// - Throws: ``TestSetupError`` when nginx is missing or does not come up (with its error log).
    static func start(upstreamPort: Int, pki: TestPKI) async throws -> NginxProxy {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw TestSetupError("nginx is not installed at \(executable): run scripts/setup.sh test (Debian package nginx-light)")
        }
        let directory = pki.directory.path + "/nginx"
        for sub in ["", "/tmp"] { try FileManager.default.createDirectory(atPath: directory + sub, withIntermediateDirectories: true) }
        let mutualTLSPort = try FreePort.reserve()
        var tokenPort = try FreePort.reserve()
        while tokenPort == mutualTLSPort { tokenPort = try FreePort.reserve() }
        let proxy = """
            proxy_pass http://fake;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
            """
        let config = """
            daemon off;
            \(getuid() == 0 ? "user root;" : "")
            worker_processes 1;
            pid \(directory)/nginx.pid;
            error_log \(directory)/error.log info;
            events { worker_connections 256; }
            http {
                log_format connections '$connection $connection_requests $server_protocol $request_method $uri';
                access_log \(directory)/access.log connections;
                client_body_temp_path \(directory)/tmp/body;
                proxy_temp_path \(directory)/tmp/proxy;
                fastcgi_temp_path \(directory)/tmp/fastcgi;
                uwsgi_temp_path \(directory)/tmp/uwsgi;
                scgi_temp_path \(directory)/tmp/scgi;
                upstream fake { server 127.0.0.1:\(upstreamPort); keepalive 8; }
                ssl_certificate \(pki.serverCertificatePath);
                ssl_certificate_key \(pki.serverKeyPath);
                ssl_protocols TLSv1.2 TLSv1.3;
                proxy_http_version 1.1;
                proxy_buffering off;
                proxy_request_buffering off;
                proxy_read_timeout 600s;
                server {
                    listen 127.0.0.1:\(mutualTLSPort) ssl http2;
                    ssl_client_certificate \(pki.caCertificatePath);
                    ssl_verify_client on;
                    location / {
                        \(proxy)
                        proxy_set_header X-Client-Verify $ssl_client_verify;
                        proxy_set_header X-Client-Subject $ssl_client_s_dn;
                    }
                }
                server {
                    listen 127.0.0.1:\(tokenPort) ssl http2;
                    location / {
                        \(proxy)
                        proxy_set_header X-Client-Verify NONE;
                    }
                }
            }
            """
        try config.write(toFile: "\(directory)/nginx.conf", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-p", directory, "-c", "\(directory)/nginx.conf", "-e", "\(directory)/error.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let nginx = NginxProxy(process: process, directory: directory, mutualTLSPort: mutualTLSPort, tokenPort: tokenPort)
        let listening = await eventually(timeout: .seconds(15)) {
            !process.isRunning || (FreePort.isListening(mutualTLSPort) && FreePort.isListening(tokenPort))
        }
        guard listening, process.isRunning else {
            nginx.stop()
            throw TestSetupError("nginx did not start: \(nginx.errorLog)")
        }
        return nginx
    }

    /// The access log, one line per request: connection serial number, requests on that
    /// connection so far, protocol, method and path.
    var accessLog: [String] {
        ((try? String(contentsOfFile: "\(directory)/access.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// nginx's error log.
    var errorLog: String { (try? String(contentsOfFile: "\(directory)/error.log", encoding: .utf8)) ?? "(no error log)" }

    /// Stops nginx (SIGTERM to its pid, SIGKILL if it lingers) and waits for it to exit.
    func stop() {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    /// Runs `body` with a fake API server behind nginx, and stops both afterwards.
    static func run<Value: Sendable>(
        _ body: @escaping @Sendable (FakeKubernetes, NginxProxy, TestPKI) async throws -> Value
    ) async throws -> Value {
        let directory = try TemporaryDirectory("kube-tls")
        defer { directory.remove() }
        let pki = try TestPKI.make(in: directory)
        return try await FakeKubernetes.run { fake, port in
            let nginx = try await NginxProxy.start(upstreamPort: port, pki: pki)
            defer { nginx.stop() }
            return try await body(fake, nginx, pki)
        }
    }
}
