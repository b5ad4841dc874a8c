import GRDB

extension GatewayDatabase {
    /// Moves the write-ahead log into the database file, empties it, and closes every connection:
    /// the last step of a graceful shutdown, after which the file is whole on its own.
    /// - Returns: the frames the log held, and how many of them were checkpointed.
    /// - Throws: what SQLite reports; the database may then be open still.
    @discardableResult
    public func checkpointAndClose() async throws -> (logged: Int, checkpointed: Int) {
        let frames = try await writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try writer.close()
        return (frames.walFrameCount, frames.checkpointedFrameCount)
    }
}
