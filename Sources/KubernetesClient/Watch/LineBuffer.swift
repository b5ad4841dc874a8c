import Foundation

/// Splits a byte stream into `\n`-terminated lines as the pieces arrive. Pure.
struct LineBuffer: Sendable {
    private var pending = Data()

    /// Adds bytes.
    /// - Returns: The lines completed by them, without their `\n` (and `\r`), empty lines dropped.
    mutating func append(_ bytes: UnsafeRawBufferPointer) -> [Data] {
        var lines: [Data] = []
        var start = 0
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "\n") {
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
            if let line = Self.trimmed(pending) { lines.append(line) }
            pending = Data()
            start = index + 1
        }
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start...]))
        return lines
    }

    /// The unterminated rest, if it holds anything.
    mutating func flush() -> Data? {
        defer { pending = Data() }
        return Self.trimmed(pending)
    }

    private static func trimmed(_ line: Data) -> Data? {
        var line = line
        while let last = line.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: " ") { line.removeLast() }
        return line.isEmpty ? nil : line
    }
}
