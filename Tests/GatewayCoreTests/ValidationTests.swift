import Foundation
import GatewayCore
import Testing

@Suite struct ValidationTests {
    /// A body that breaks one rule, the field it must name and the status it must get.
    struct Case: Sendable, CustomTestStringConvertible {
        let job: String
        let field: String
        let status: Int
        var testDescription: String { field }
    }

    static let base = #""project":"team-a","image":"nginx""#

    static let cases: [Case] = [
        Case(job: #""project":"","image":"nginx""#, field: "job.project", status: 400),
        Case(job: #""project":"Team A","image":"nginx""#, field: "job.project", status: 422),
        Case(job: #""project":"team-a","image":"  ""#, field: "job.image", status: 400),
        Case(job: #""project":"team-a","image":"my image""#, field: "job.image", status: 422),
        Case(job: base + #","type":"interactive""#, field: "job.type", status: 422),
        Case(job: base + #","type":"batch""#, field: "job.type", status: 422),
        Case(job: base + #","name":"-leading-dash""#, field: "job.name", status: 422),
        Case(job: base + #","jobNamePrefix":"Bad_Prefix""#, field: "job.jobNamePrefix", status: 422),
        Case(job: base + #","gpu":-1"#, field: "job.gpu", status: 422),
        Case(job: base + #","gpu":0.5,"gpuMemory":"4G""#, field: "job.gpuMemory", status: 422),
        Case(job: base + #","gpuMemory":"lots""#, field: "job.gpuMemory", status: 422),
        Case(job: base + #","cpu":-0.5"#, field: "job.cpu", status: 422),
        Case(job: base + #","cpu":2,"cpuLimit":1"#, field: "job.cpuLimit", status: 422),
        Case(job: base + #","memory":"2 gigabytes""#, field: "job.memory", status: 422),
        Case(job: base + #","memoryLimit":"x1""#, field: "job.memoryLimit", status: 422),
        Case(job: base + #","mps":true"#, field: "job.mps", status: 422),
        Case(job: base + #","imagePullPolicy":"sometimes""#, field: "job.imagePullPolicy", status: 422),
        Case(job: base + #","workingDir":"app""#, field: "job.workingDir", status: 422),
        Case(job: base + #","environment":{"1BAD":"x"}"#, field: "job.environment.1BAD", status: 422),
        Case(job: base + #","environment":{"A B":"x"}"#, field: #"job.environment["A B"]"#, status: 422),
        Case(job: base + #","runAsUid":-1"#, field: "job.runAsUid", status: 422),
        Case(job: base + #","nodeType":"dgx a100""#, field: "job.nodeType", status: 422),
        Case(job: base + #","ports":[{"container":0}]"#, field: "job.ports[0].container", status: 422),
        Case(job: base + #","ports":[{"container":80,"external":70000}]"#, field: "job.ports[0].external", status: 422),
        Case(job: base + #","ports":[{"container":80,"external":30080,"autoGenerate":true}]"#, field: "job.ports[0].autoGenerate", status: 422),
        Case(job: base + #","ports":[{"container":80},{"container":80}]"#, field: "job.ports[1].container", status: 422),
        Case(job: base + #","ports":[{"external":80}]"#, field: "job.ports[0].container", status: 400),
        Case(job: base + #","pvc":[{"size":"1G"}]"#, field: "job.pvc[0].path", status: 400),
        Case(job: base + #","pvc":[{"path":"/data"}]"#, field: "job.pvc[0].size", status: 400),
        Case(job: base + #","pvc":[{"path":"data","size":"1G"}]"#, field: "job.pvc[0].path", status: 422),
        Case(job: base + #","pvc":[{"path":"/data","size":"1G","storageClass":"Fast_SSD"}]"#, field: "job.pvc[0].storageClass", status: 422),
        Case(job: base + #","volumes":[{"targetPath":"/x"}]"#, field: "job.volumes[0].sourcePath", status: 400),
        Case(job: base + #","volumes":[{"sourcePath":"/a","targetPath":"x"}]"#, field: "job.volumes[0].targetPath", status: 422),
        Case(job: base + #","volume":{"/a":"relative"}"#, field: #"job.volume["/a"]"#, status: 422),
        Case(job: base + #","gitSync":[{"branch":"main"}]"#, field: "job.gitSync[0].repository", status: 400),
        Case(job: base + #","gitSync":[{"repository":"r","username":"u"}]"#, field: "job.gitSync[0].username", status: 422),
        Case(job: base + #","completions":2"#, field: "job.completions", status: 422),
        Case(job: base + #","parallelism":2"#, field: "job.parallelism", status: 422),
        Case(job: base + #","elastic":true"#, field: "job.elastic", status: 422),
        Case(job: base + #","processes":4"#, field: "job.processes", status: 422),
        Case(job: base + #","mpi":true"#, field: "job.mpi", status: 422),
        Case(job: base + #","jupyter":true"#, field: "job.jupyter", status: 422),
        Case(job: base + #","jupyterPassword":"secret""#, field: "job.jupyterPassword", status: 422),
        Case(job: base + #","preemptible":true"#, field: "job.preemptible", status: 422),
        Case(job: base + #","preventPrivilegeEscalation":true"#, field: "job.preventPrivilegeEscalation", status: 422),
        Case(job: base + #","replicas":-1"#, field: "job.replicas", status: 422),
        Case(job: base + #","ports":[{"container":80,"extra":1}]"#, field: "job.ports[0].extra", status: 422),
    ]

    @Test("every rule answers 4xx naming its field", arguments: cases)
    func ruleNamesItsField(_ testCase: Case) throws {
        let error = try #require(rejection(#"{"job":{\#(testCase.job)}}"#), "accepted: \(testCase.job)")
        #expect(error.field == testCase.field, "\(error.message)")
        #expect(error.status == testCase.status, "\(error.message)")
        #expect(error.message.hasPrefix(testCase.field + ":"), "\(error.message)")
        #expect(!error.details.isEmpty)
    }

    @Test func trainingAndInteractiveJobsAreToldWhichClusterAPIKindToUse() throws {
        let training = try #require(rejection(#"{"job":{"project":"team-a","image":"nginx","type":"training"}}"#))
        #expect(training.details.contains("TrainingWorkload"))
        #expect(training.details.contains("inference workloads"))
        let interactive = try #require(rejection(#"{"job":{"project":"team-a","image":"nginx","type":"Interactive"}}"#))
        #expect(interactive.details.contains("InteractiveWorkload"))
        let mpi = try #require(rejection(#"{"job":{"project":"team-a","image":"nginx","mpi":true}}"#))
        #expect(mpi.details.contains("DistributedWorkload"))
    }

    @Test func inferenceInAnyLetterCaseOrNoTypeAtAllIsAccepted() throws {
        for type in ["", "inference", "Inference", "INFERENCE"] {
            #expect(rejection(#"{"job":{"project":"team-a","image":"nginx","type":"\#(type)"}}"#) == nil)
        }
        #expect(rejection(#"{"job":{"project":"team-a","image":"nginx"}}"#) == nil)
    }

    @Test func aNameOfSixtyThreeCharactersIsAcceptedAndALowerConfiguredLimitIsHonoured() throws {
        let name = String(repeating: "a", count: 63)
        #expect(rejection(#"{"job":{"name":"\#(name)","project":"team-a","image":"nginx"}}"#) == nil)
        let strict = TranslationOptions(maximumNameLength: 49)
        #expect(throws: LegacyAPIError.self) {
            try translate(#"{"job":{"name":"\#(name)","project":"team-a","image":"nginx"}}"#, options: strict)
        }
    }

    @Test func aTemplateForAnotherProjectIsRefused() throws {
        let error = try #require(
            rejection(#"{"job":{"project":"team-a","image":"nginx"},"template":{"project":"team-b"}}"#)
        )
        #expect(error.field == "template.project")
        #expect(rejection(#"{"job":{"project":"team-a","image":"nginx"},"template":{}}"#) == nil)
        #expect(rejection(#"{"job":{"project":"team-a","image":"nginx"},"template":null}"#) == nil)
    }

    @Test func theTranslatorValidatesOnItsOwnAndChecksTheProjectItIsGiven() {
        let job = LegacyJob(name: "x", project: "team-a", image: nil)
        #expect(throws: LegacyAPIError.missing(field: "job.image")) {
            try LegacyTranslator.translate(job: job, name: "x", project: "team-a", user: nil)
        }
        let other = LegacyJob(name: "x", project: "team-a", image: "nginx")
        #expect(throws: LegacyAPIError.self) {
            try LegacyTranslator.translate(job: other, name: "x", project: "team-b", user: nil)
        }
        #expect(throws: LegacyAPIError.self) {
            try LegacyTranslator.translate(job: other, name: "Not A Name", project: "team-a", user: nil)
        }
    }

    @Test func errorsRenderAsTheLegacyErrorShape() throws {
        let error = try #require(rejection(#"{"job":{"project":"team-a"}}"#))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(error.body), as: UTF8.self)
        #expect(
            text == #"{"details":"job.image is required and must not be empty.","field":"job.image","message":"job.image: required","status":400}"#
        )
    }
}
