import Foundation
import GatewayCore
import GatewayPersistence

/// A fresh directory under the system's temporary folder, for one test's database files.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appending(path: "gateway-tests-\(UUID().uuidString)", directoryHint: .isDirectory)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A migrated in-memory database.
func makeMigratedDatabase() throws -> GatewayDatabase {
    let database = try GatewayDatabase.inMemory()
    try database.migrate()
    return database
}

/// A workload of project `team-a` with the given name.
func makeWorkload(name: String, project: String = "team-a", at now: Date = Date()) -> Workload {
    // The store keeps milliseconds; a whole-millisecond date round-trips exactly.
    let date = Date(millisecondsSince1970: now.millisecondsSince1970)
    return Workload(
        id: UUID().uuidString.lowercased(),
        project: project,
        name: name,
        namespace: "runai-\(project)",
        username: "john",
        legacyRequest: #"{"name":"\#(name)","project":"\#(project)","image":"nginx"}"#,
        desiredObject: #"{"apiVersion":"run.ai/v2alpha1","kind":"InferenceWorkload","metadata":{"name":"\#(name)"}}"#,
        createdAt: date,
        updatedAt: date
    )
}

/// A project created on first submit.
func makeProject(_ name: String = "team-a") -> Project {
    Project(name: name, namespace: "runai-\(name)", origin: .automatic, createdAt: Date())
}
