import Foundation
import Logging

/// Writes log lines to standard error in swift-log's stream format
/// (`<time> <level> <label>: <key=value …> [<source>] <message>`), rendering metadata only when a
/// line is written.
///
/// swift-log's `StreamLogHandler` renders its metadata each time a key is set. Every HTTP request
/// gets a logger with its own request id, so that cost was paid per request even though a poll
/// logs nothing; here it is paid per line written.
struct StandardErrorLogHandler: LogHandler {
    /// The logger's label, written after the level.
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// Serializes writers so lines from several threads never interleave.
    private static let output = NSLock()

    /// Creates a handler for the logger labelled `label`.
    init(label: String, logLevel: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let line = Self.render(
            event: event,
            label: label,
            metadata: effectiveMetadata(event),
            timestamp: Self.timestamp()
        )
        Self.output.lock()
        defer { Self.output.unlock() }
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// The handler's metadata, overridden by the provider's, then by the line's own and its error.
    func effectiveMetadata(_ event: LogEvent) -> Logger.Metadata {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, new in new }
        }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        return merged
    }

    /// One line, newline included; metadata sorted by key.
    static func render(event: LogEvent, label: String, metadata: Logger.Metadata, timestamp: String) -> String {
        let pairs = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let labelPart = label.isEmpty ? "" : " \(label)"
        let metadataPart = pairs.isEmpty ? "" : " \(pairs)"
        return "\(timestamp) \(event.level)\(labelPart):\(metadataPart) [\(event.source)] \(event.message)\n"
    }

    /// The local time as `2026-11-29T16:56:15+0000`.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
