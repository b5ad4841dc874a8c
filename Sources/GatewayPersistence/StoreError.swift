/// An error of the persistence layer. Carries no GRDB types, so it can cross targets.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in a form callers can switch on. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case cannotOpen, migrationChanged, migrationUnknown, migrationInvalid, migrationFailed
            case migrationsPending, backupFailed, alreadyExists, notFound, conflict, storageFull
            case invalidArgument
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The database file cannot be opened or created.
        public static let cannotOpen = Code(.cannotOpen)
        /// A shipped migration was edited after it was applied.
        public static let migrationChanged = Code(.migrationChanged)
        /// The database has a migration this binary does not know: it is newer than the binary.
        public static let migrationUnknown = Code(.migrationUnknown)
        /// A migration file's name or content is not valid.
        public static let migrationInvalid = Code(.migrationInvalid)
        /// A migration failed to apply; it was rolled back.
        public static let migrationFailed = Code(.migrationFailed)
        /// Some migrations are not applied yet.
        public static let migrationsPending = Code(.migrationsPending)
        /// A backup could not be made.
        public static let backupFailed = Code(.backupFailed)
        /// A record with the same identity exists.
        public static let alreadyExists = Code(.alreadyExists)
        /// The record does not exist.
        public static let notFound = Code(.notFound)
        /// The record changed under the caller.
        public static let conflict = Code(.conflict)
        /// The disk (or the database's size limit) has no room for the write; nothing of it was kept.
        public static let storageFull = Code(.storageFull)
        /// An argument cannot be stored as it is (a name holding a NUL, which SQLite would cut short).
        public static let invalidArgument = Code(.invalidArgument)

        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A message for operators.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
