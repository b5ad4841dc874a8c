import Foundation
import GatewayCore
import GatewayPersistence

// Test helper: creates workloads in a loop through the real repository, printing each name
// only after its transaction returned. A test kills it with SIGKILL mid-loop and checks that
// every printed name survived. Usage: GatewayCrashWriter <database path>

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: GatewayCrashWriter <database>\n".utf8))
    exit(64)
}
let database = try GatewayDatabase.open(at: CommandLine.arguments[1])
try database.migrate()
let workloads = SQLiteWorkloadRepository(database: database)
let project = Project(name: "crash", namespace: "runai-crash", origin: .automatic, createdAt: Date())
var index = 0
while true {
    let name = "job-\(index)"
    let now = Date()
    let workload = Workload(
        id: UUID().uuidString.lowercased(),
        project: project.name,
        name: name,
        namespace: project.namespace,
        username: nil,
        legacyRequest: #"{"name":"\#(name)"}"#,
        desiredObject: #"{"metadata":{"name":"\#(name)"}}"#,
        createdAt: now,
        updatedAt: now
    )
    try await workloads.create(workload, project: project, idempotency: nil)
    FileHandle.standardOutput.write(Data((name + "\n").utf8))
    index += 1
}
