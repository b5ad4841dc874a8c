/// The bearer token of the gateway's own Kubernetes client when it talks to its embedded API
/// in `tokens` mode: random per process, never logged, never written anywhere.
enum InternalToken {
    /// A fresh random token (256 bits, hex).
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined(separator: "-")
    }
}
