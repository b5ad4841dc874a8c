import GRDB

extension StoreError {
    /// A write refused for lack of space.
    public static func storageFull(_ detail: String) -> StoreError {
        StoreError(.storageFull, "storage is full: \(detail)")
    }

    /// Whether `error` is a write refused for lack of space.
    public static func isStorageFull(_ error: any Error) -> Bool {
        (error as? StoreError)?.code == .storageFull
    }

    /// The SQLite I/O errors that a full disk causes when it is not reported as `SQLITE_FULL`
    /// (`fsync` or `ftruncate` failing with `ENOSPC`, the shared-memory file unable to grow).
    private static let spaceIOErrors: [ResultCode] = [
        .SQLITE_IOERR_WRITE, .SQLITE_IOERR_FSYNC, .SQLITE_IOERR_DIR_FSYNC, .SQLITE_IOERR_TRUNCATE, .SQLITE_IOERR_SHMSIZE,
    ]

    /// `error` as the persistence layer reports it: the one place where SQLite's answers to a
    /// full disk become ``Code/storageFull``. Every other error is returned unchanged.
    ///
    /// `SQLITE_FULL` (the disk, or `max_page_count`) always maps. The I/O errors above map when
    /// the database's file system has less than ``StorageHealth/recoveryMargin`` free: SQLite
    /// does not say which `errno` they came from.
    static func mapping(_ error: any Error, health: StorageHealth) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        if error.resultCode == .SQLITE_FULL {
            return storageFull("the database or its disk has no room for the write")
        }
        if spaceIOErrors.contains(error.extendedResultCode), let free = health.availableBytes, free < StorageHealth.recoveryMargin {
            return storageFull("the disk holding the database has \(free) bytes free")
        }
        return error
    }
}
