import Foundation
import GatewayTestSupport

/// A certificate authority, a server certificate for 127.0.0.1 / `kubernetes.test`, a client
/// certificate, and an unrelated second CA, all made with `openssl` in a temporary directory.
struct TestPKI: Sendable {
    let directory: TemporaryDirectory
    let caCertificate: String
    let otherCACertificate: String
    let clientCertificate: String
    let clientKey: String
    var serverCertificatePath: String { "\(directory.path)/server.crt" }
    var serverKeyPath: String { "\(directory.path)/server.key" }
    var caCertificatePath: String { "\(directory.path)/ca.crt" }

    static let openssl = "/usr/bin/openssl"

    static func make(in directory: TemporaryDirectory) throws -> TestPKI {
        let dir = directory.path
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for name in ["ca", "other-ca"] {
            try run(["req", "-x509"] + ec + ["-keyout", "\(dir)/\(name).key", "-out", "\(dir)/\(name).crt", "-days", "2", "-subj", "/CN=\(name)"])
        }
        try directory.write("server.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.test\nextendedKeyUsage=serverAuth\n")
        try directory.write("client.ext", "extendedKeyUsage=clientAuth\n")
        for (name, subject) in [("server", "/CN=kube-apiserver"), ("client", "/O=system:masters/CN=gateway-test")] {
            try run(["req"] + ec + ["-keyout", "\(dir)/\(name).key", "-out", "\(dir)/\(name).csr", "-subj", subject])
            try run([
                "x509", "-req", "-in", "\(dir)/\(name).csr", "-CA", "\(dir)/ca.crt", "-CAkey", "\(dir)/ca.key",
                "-set_serial", "\(Int.random(in: 1000...999_999))", "-days", "2", "-extfile", "\(dir)/\(name).ext",
                "-out", "\(dir)/\(name).crt",
            ])
        }
        func read(_ name: String) throws -> String {
            guard let text = directory.read(name) else { throw TestSetupError("openssl did not write \(name)") }
            return text
        }
        return TestPKI(
            directory: directory,
            caCertificate: try read("ca.crt"),
            otherCACertificate: try read("other-ca.crt"),
            clientCertificate: try read("client.crt"),
            clientKey: try read("client.key")
        )
    }

    private static func run(_ arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: openssl) else {
            throw TestSetupError("openssl is not installed at \(openssl): run scripts/setup.sh test")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSetupError("openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
        }
    }
}

/// A test could not set up its peers.
struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
