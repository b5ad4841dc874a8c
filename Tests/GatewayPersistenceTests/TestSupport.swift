import Foundation
import GatewayCore
import GatewayPersistence

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
