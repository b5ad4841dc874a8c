/// Text the repositories bind into SQL as names (projects, workloads), checked for NUL first.
///
/// GRDB binds a Swift string with `sqlite3_bind_text(…, -1, …)`, so SQLite reads it only up to its
/// first NUL: a lookup of `keepme\u{0}zzz` would find (and a delete would remove) `keepme`. The
/// legacy API refuses such names before any lookup; this is the line behind it, so that a name
/// with a NUL is never bound, whichever caller forgot to check.
enum BoundText {
    /// Throws ``StoreError/Code/invalidArgument`` when any of `values` holds a NUL.
    static func requireNoNUL(_ values: String?...) throws {
        for case let value? in values where value.utf8.contains(0) {
            throw StoreError(
                .invalidArgument,
                "a project or workload name holds a NUL character, which SQLite would cut short; nothing was read or written"
            )
        }
    }
}
