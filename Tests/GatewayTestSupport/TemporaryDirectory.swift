import Foundation

/// A fresh directory under the system's temporary folder, for one test's files.
/// - Parameter prefix: The start of the directory's name, to tell test runs' leftovers apart.
public func makeTemporaryDirectory(prefix: String = "gateway-tests") throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appending(path: "\(prefix)-\(UUID().uuidString)", directoryHint: .isDirectory)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A fresh directory under the system's temporary directory, removed by ``remove()``.
public struct TemporaryDirectory: Sendable {
    /// The directory's path.
    public let path: String

    /// Creates the directory.
    /// - Parameter prefix: The start of the directory's name.
    public init(_ prefix: String = "kube-client-test") throws {
        path = try makeTemporaryDirectory(prefix: prefix).path
    }

    /// Writes a file and returns its path.
    @discardableResult
    public func write(_ name: String, _ contents: String, executable: Bool = false) throws -> String {
        let file = "\(path)/\(name)"
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try contents.write(toFile: file, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
        return file
    }

    /// The text of a file in the directory, if it exists.
    public func read(_ name: String) -> String? { try? String(contentsOfFile: "\(path)/\(name)", encoding: .utf8) }

    /// Removes the directory and everything in it.
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

extension String {
    /// The UTF-8 bytes, base64-encoded, as kubeconfig `…-data` fields hold them.
    public var base64: String { Data(utf8).base64EncodedString() }
}
