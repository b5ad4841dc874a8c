import Foundation
import GatewayCore
import Testing

@Suite struct DeterminismTests {
    static let body = """
        {"job":{"name":"inference1","project":"team-a","image":"nginx","gpu":0.5,"cpu":1,"memory":"2G",
        "environment":{"Z":"1","A":"2","M":3},"ports":[{"container":8888,"external":30088},{"container":80}],
        "serviceType":"nodeport","pvc":[{"size":"1G","path":"/a"},{"size":"2G","path":"/b"}],
        "volume":{"/z":"/z","/a":"/a"},"mps":true,"replicas":2}}
        """

    @Test func theSameRequestGivesByteIdenticalJSONEveryTime() throws {
        let first = try translate(Self.body, user: "john").jsonData()
        for _ in 0..<50 {
            #expect(try translate(Self.body, user: "john").jsonData() == first)
        }
    }

    @Test func memberOrderInTheRequestDoesNotChangeTheBytes() throws {
        let reordered = """
            {"job":{"replicas":2,"mps":true,"volume":{"/a":"/a","/z":"/z"},
            "pvc":[{"path":"/a","size":"1G"},{"path":"/b","size":"2G"}],"serviceType":"nodeport",
            "ports":[{"external":30088,"container":8888},{"container":80}],"environment":{"M":3,"A":"2","Z":"1"},
            "memory":"2G","cpu":1,"gpu":0.5,"image":"nginx","project":"team-a","name":"inference1"}}
            """
        #expect(try translate(reordered, user: "john").jsonData() == (try translate(Self.body, user: "john").jsonData()))
    }

    @Test func theJSONHasSortedKeysAndReadsBackToAnEqualWorkload() throws {
        let workload = try translate(Self.body, user: "john")
        let data = try workload.jsonData()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix(#"{"apiVersion":"run.ai/v2alpha1","kind":"InferenceWorkload","metadata":{"labels":{"app.kubernetes.io/managed-by""#))
        #expect(!text.contains("\\/"))
        #expect(try InferenceWorkload(jsonData: data) == workload)
        #expect(try JSONValue(parsing: data).compactString == text)
        #expect(workload.path == "/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads/inference1")
    }

    @Test func differentUsersOrVersionsGiveDifferentObjects() throws {
        let john = try translate(Self.body, user: "john")
        #expect(try translate(Self.body, user: "jill") != john)
        #expect(try translate(Self.body, user: "john", options: .init(apiVersion: .v1alpha1)) != john)
    }
}
