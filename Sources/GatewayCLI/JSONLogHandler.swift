import Foundation
import Logging

/// Writes log lines to standard error as one JSON object per line, for log shippers
/// (`--log-format json`):
///
/// ```json
/// {"time":"2026-11-29T16:56:15.123Z","level":"info","logger":"inference-gateway","message":"answered","source":"GatewayHTTP","hb.request.id":"…","gateway.status":"200"}
/// ```
///
/// Metadata keys (`hb.request.id`, `gateway.route`, …) sit beside the line's own fields; a nested
/// value stays a JSON array or object. Like ``StandardErrorLogHandler``, the metadata is rendered
/// only when a line is written.
struct JSONLogHandler: LogHandler {
    /// The logger's label, written as `logger`.
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    private static let output = NSLock()

    /// The line's own fields; metadata under these keys is written as `metadata.<key>`.
    static let reservedKeys: Set<String> = ["time", "level", "logger", "message", "source"]

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
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata, !explicit.isEmpty { merged.merge(explicit) { _, new in new } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        let line = Self.render(event: event, label: label, metadata: merged, timestamp: Self.timestamp())
        Self.output.lock()
        defer { Self.output.unlock() }
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// One line, newline included: the fixed fields, then the metadata sorted by key.
    static func render(event: LogEvent, label: String, metadata: Logger.Metadata, timestamp: String) -> String {
        var line = "{"
        line += "\"time\":" + quoted(timestamp)
        line += ",\"level\":" + quoted(event.level.rawValue)
        line += ",\"logger\":" + quoted(label)
        line += ",\"message\":" + quoted(event.message.description)
        line += ",\"source\":" + quoted(event.source)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += "," + quoted(reservedKeys.contains(key) ? "metadata.\(key)" : key) + ":" + json(value)
        }
        return line + "}\n"
    }

    /// A metadata value as JSON: strings as strings, arrays and dictionaries nested.
    static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .stringConvertible(let convertible): quoted(convertible.description)
        case .array(let values): "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let values):
            "{" + values.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + json($0.value) }.joined(separator: ",") + "}"
        }
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The UTC time with milliseconds, `2026-11-29T16:56:15.123Z`.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S", &parts)
        let millis = Int(now.tv_nsec / 1_000_000)
        let prefix = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return prefix + "." + (millis < 10 ? "00" : millis < 100 ? "0" : "") + String(millis) + "Z"
    }
}
