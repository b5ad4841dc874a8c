import Foundation
import Logging
import Synchronization

/// A log handler that keeps every record in memory, so tests can read what the client logged.
/// Pass `recorder.logger` to the code under test; the global logging system is never touched.
public final class LogRecorder: Sendable {
    /// One log record.
    public struct Record: Sendable {
        /// The record's level.
        public var level: Logger.Level
        /// The message.
        public var message: String
        /// The logger's metadata merged with the record's.
        public var metadata: Logger.Metadata
        /// The module that logged it.
        public var source: String

        /// The message and every metadata key and value, as one string.
        public var fullText: String {
            ([message, source] + metadata.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
        }
    }

    private let storage = Mutex<[Record]>([])

    /// Everything logged so far.
    public var records: [Record] { storage.withLock { $0 } }

    /// A logger that records at `level` and above.
    public func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "test") { _ in Handler(recorder: self) }
        logger.logLevel = level
        return logger
    }

    /// Creates an empty recorder.
    public init() {}

    fileprivate func append(_ record: Record) { storage.withLock { $0.append(record) } }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            merged.merge(event.metadata ?? [:]) { $1 }
            recorder.append(Record(level: event.level, message: "\(event.message)", metadata: merged, source: event.source))
        }
    }
}

extension Logger {
    /// A logger that drops everything, for servers whose logs do not matter to a test.
    public static let quiet = Logger(label: "quiet") { _ in SwiftLogNoOpLogHandler() }
}
