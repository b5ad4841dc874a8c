import Foundation
import GRDB
import GatewayCore

/// ``ProjectRepository`` over the gateway's SQLite database.
public struct SQLiteProjectRepository: ProjectRepository {
    let database: GatewayDatabase

    /// Creates a repository over `database`.
    public init(database: GatewayDatabase) {
        self.database = database
    }

    public func list() async throws -> [Project] {
        try await database.writer.read { db in
            try ProjectRow.fetchAll(db, sql: "SELECT * FROM projects ORDER BY name").map(\.project)
        }
    }

    public func find(name: String) async throws -> Project? {
        try BoundText.requireNoNUL(name)
        return try await database.writer.read { db in try ProjectRow.fetchOne(db, key: name)?.project }
    }

    public func upsert(_ projects: [Project]) async throws {
        for project in projects { try BoundText.requireNoNUL(project.name, project.namespace) }
        // Cached legacy answers carry their project's namespace: the change feed counts a project change too.
        try await database.write(announcing: .workloads) { db in
            for project in projects { try ProjectRow(project).save(db) }
        }
    }
}
