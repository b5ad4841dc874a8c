import Foundation
import GatewayCore
import Testing

@Suite struct ViewTests {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private func json(_ value: some Encodable) throws -> String {
        String(decoding: try Self.encoder.encode(value), as: UTF8.self)
    }

    private func storedWorkload() throws -> Workload {
        let object = try translate(
            #"{"job":{"name":"inference1","project":"team-a","image":"gcr.io/run-ai-demo/quickstart-inference-marian","gpu":0.5}}"#,
            user: "john"
        )
        return Workload(
            id: "b915c8ec-19b6-4135-b473-164971278fff",
            project: "team-a",
            name: "inference1",
            namespace: "runai-team-a",
            username: "john",
            legacyRequest: "{}",
            desiredObject: try object.jsonText(),
            status: "Running",
            nodes: ["node-0"],
            requestedGPUs: 0.5,
            allocatedGPUs: 0.5,
            connectionURL: "http://inference1.team-a.example",
            createdAt: Date(millisecondsSince1970: 1_609_340_976_000),
            updatedAt: Date(millisecondsSince1970: 1_609_340_977_000)
        )
    }

    @Test func aStoredWorkloadIsShownAsTheLegacyJobView() throws {
        let view = JobView(workload: try storedWorkload())
        #expect(view.id == "b915c8ec-19b6-4135-b473-164971278fff")
        #expect(view.name == "inference1")
        #expect(view.project == "team-a")
        #expect(view.user == "john")
        #expect(view.status == "Running")
        #expect(view.type == "Inference")
        #expect(view.images == "gcr.io/run-ai-demo/quickstart-inference-marian")
        #expect(view.nodes == ["node-0"])
        #expect(view.createdAt == 1_609_340_976_000)
        #expect(view.currentAllocatedGPUs == 0.5)
        #expect(view.connectionUrl == "http://inference1.team-a.example")
        #expect(!view.isJupyter && !view.isMpi)
        #expect(
            try json(view) == """
                {"connectionUrl":"http://inference1.team-a.example","createdAt":1609340976000,"currentAllocatedGPUs":0.5,\
                "id":"b915c8ec-19b6-4135-b473-164971278fff","images":"gcr.io/run-ai-demo/quickstart-inference-marian",\
                "isJupyter":false,"isMpi":false,"name":"inference1","nodes":["node-0"],"project":"team-a","status":"Running",\
                "type":"Inference","user":"john"}
                """
        )
    }

    @Test func aWorkloadWithoutUserOrURLShowsEmptyStringsNotNulls() throws {
        var workload = try storedWorkload()
        workload.username = nil
        workload.connectionURL = nil
        workload.desiredObject = "not json"
        let view = JobView(workload: workload)
        #expect(view.user == "")
        #expect(view.connectionUrl == "")
        #expect(view.images == "")
        #expect(!(try json(view)).contains("null"))
    }

    @Test func jobActionStatusCarriesTheErrorOnlyOnFailure() throws {
        #expect(try json(JobActionStatus.succeeded("a")) == #"{"name":"a","ok":true}"#)
        let missing = LegacyAPIError.notFound("job b not found", details: "No job b in project team-a.")
        #expect(
            try json(JobActionStatus.failed("b", missing))
                == #"{"error":{"details":"No job b in project team-a.","message":"job b not found","status":404},"name":"b","ok":false}"#
        )
        let decoded = try JSONDecoder().decode(
            JobActionStatus.self,
            from: Data(#"{"name":"c","ok":false,"error":{"status":404,"message":"m","details":"d"}}"#.utf8)
        )
        #expect(decoded.error?.status == 404)
    }

    @Test func aProjectIsShownWithTheLegacyFields() throws {
        let project = Project(
            name: "team-a",
            namespace: "runai-team-a",
            deservedGPUs: 2,
            nodeAffinity: ["dgx"],
            department: "research",
            origin: .configured,
            createdAt: Date(millisecondsSince1970: 1_600_000_000_000)
        )
        #expect(
            try json(ProjectView(project: project)) == """
                {"createdAt":1600000000000,"departmentName":"research","deservedGpus":2,"interactiveJobTimeLimitSecs":0,\
                "interactiveNodeAffinity":["dgx"],"managedNamespace":"runai-team-a","name":"team-a","trainNodeAffinity":["dgx"]}
                """
        )
        let bare = Project(name: "team-b", namespace: "runai-team-b", origin: .automatic, createdAt: Date(millisecondsSince1970: 0))
        #expect(ProjectView(project: bare).departmentName == "")
    }

    @Test func theVersionSatisfiesTheLegacyCLIsMinimumForDeleteAndProjects() throws {
        let version = VersionInfo.emulated
        #expect((version.major, version.minor) >= (0, 1) && version.subver >= 11)
        #expect(version.version == "\(version.major).\(version.minor).\(version.subver)")
        let text = try json(LegacyDataResponse(data: version))
        #expect(text.hasPrefix(#"{"data":{"gatewayVersion":"\#(GatewayVersion.current)","major":0,"minor":1,"subver":11,"version":"0.1.11"}"#))
    }

    @Test func envelopesAndTheSubmitAnswerHaveTheLegacyShapes() throws {
        #expect(try json(SubmitResponse(name: "inference1")) == #"{"name":"inference1"}"#)
        #expect(try json(LegacyDataResponse(data: [JobReference(name: "a", project: "p")])) == #"{"data":[{"name":"a","project":"p"}]}"#)
    }
}
