import Foundation
import GatewayCore
import Testing

@Suite struct DecodingTests {
    private func job(_ json: String) throws -> LegacyJob {
        try LegacyRequestDecoder.decodeSubmission(Data(json.utf8)).job
    }

    private func decodingError(_ json: String) -> LegacyAPIError? {
        do {
            _ = try LegacyRequestDecoder.decodeSubmission(Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func environmentValuesSentAsNumbersOrStringsAllBecomeStrings() throws {
        let decoded = try job(#"{"job":{"environment":{"A":50,"B":0.2,"C":"x","D":false,"E":-3,"F":1e3}}}"#)
        #expect(decoded.environment == ["A": "50", "B": "0.2", "C": "x", "D": "false", "E": "-3", "F": "1000"])
    }

    @Test func anEnvironmentValueThatIsAnObjectIsRefusedNamingTheVariable() {
        let error = decodingError(#"{"job":{"environment":{"A":{"b":1}}}}"#)
        #expect(error?.status == 400)
        #expect(error?.field == "job.environment.A")
    }

    @Test func commandIsAStringOrAListAndArgumentsToo() throws {
        #expect(try job(#"{"job":{"command":"python serve.py"}}"#).command == .string("python serve.py"))
        #expect(try job(#"{"job":{"command":["python","serve.py"]}}"#).command == .list(["python", "serve.py"]))
        #expect(try job(#"{"job":{"arguments":"--port 80"}}"#).arguments == .string("--port 80"))
        #expect(try job(#"{"job":{"arguments":["--port",80]}}"#).arguments == .list(["--port", "80"]))
        #expect(decodingError(#"{"job":{"command":{"a":1}}}"#)?.field == "job.command")
        #expect(decodingError(#"{"job":{"command":["ok",["nested"]]}}"#)?.field == "job.command[1]")
    }

    @Test func serviceTypeIsANameInAnyCaseOrANumber() throws {
        #expect(try job(#"{"job":{"serviceType":"nodeport"}}"#).serviceType == .nodePort)
        #expect(try job(#"{"job":{"serviceType":"NodePort"}}"#).serviceType == .nodePort)
        #expect(try job(#"{"job":{"serviceType":"LoadBalancer"}}"#).serviceType == .loadBalancer)
        #expect(try job(#"{"job":{"serviceType":"ClusterIP"}}"#).serviceType == .clusterIP)
        #expect(try job(#"{"job":{"serviceType":"ingress"}}"#).serviceType == .ingress)
        #expect(try job(#"{"job":{"serviceType":"portforward"}}"#).serviceType == .portForward)
        for (code, type) in LegacyJob.ServiceType.integerCodes {
            #expect(try job(#"{"job":{"serviceType":\#(code)}}"#).serviceType == type)
        }
        #expect(try job(#"{"job":{"serviceType":0}}"#).serviceType == nil)
        #expect(decodingError(#"{"job":{"serviceType":"tunnel"}}"#)?.status == 422)
        #expect(decodingError(#"{"job":{"serviceType":9}}"#)?.field == "job.serviceType")
        #expect(decodingError(#"{"job":{"serviceType":true}}"#)?.status == 400)
    }

    @Test func volumesComeAsTheMarkdownMapOrTheSwaggerListButNotBoth() throws {
        let fromMap = try job(#"{"job":{"volume":{"/b":"/y","/a":"/x"}}}"#)
        #expect(fromMap.volumes == [.init(sourcePath: "/a", targetPath: "/x"), .init(sourcePath: "/b", targetPath: "/y")])
        #expect(fromMap.volumeForm == .map)
        let fromList = try job(#"{"job":{"volumes":[{"sourcePath":"/a","targetPath":"/x","readOnly":true}]}}"#)
        #expect(fromList.volumes == [.init(sourcePath: "/a", targetPath: "/x", readOnly: true)])
        #expect(fromList.volumeForm == .list)
        let modes = try job(#"{"job":{"volume":{"/a":"/x:ro","/b":"/y:rw"}}}"#)
        #expect(
            modes.volumes == [.init(sourcePath: "/a", targetPath: "/x", readOnly: true), .init(sourcePath: "/b", targetPath: "/y", readOnly: false)]
        )
        let both = decodingError(#"{"job":{"volume":{"/a":"/x"},"volumes":[]}}"#)
        #expect(both?.status == 422)
        #expect(both?.field == "job.volume")
    }

    @Test func interactiveIsABooleanAndTypeAString() throws {
        #expect(try job(#"{"job":{"interactive":false,"type":"inference"}}"#).interactive == false)
        #expect(decodingError(#"{"job":{"interactive":"yes"}}"#)?.field == "job.interactive")
        #expect(decodingError(#"{"job":{"type":1}}"#)?.field == "job.type")
    }

    @Test func ttlAfterFinishIsSecondsOrADuration() throws {
        #expect(try job(#"{"job":{"ttlAfterFinish":300}}"#).ttlAfterFinish == 300)
        #expect(try job(#"{"job":{"ttlAfterFinish":"5s"}}"#).ttlAfterFinish == 5)
        #expect(try job(#"{"job":{"ttlAfterFinish":"2m"}}"#).ttlAfterFinish == 120)
        #expect(try job(#"{"job":{"ttlAfterFinish":"3h"}}"#).ttlAfterFinish == 10800)
        #expect(try job(#"{"job":{"ttlAfterFinish":"1h30m"}}"#).ttlAfterFinish == 5400)
        #expect(try job(#"{"job":{"ttlAfterFinish":"90"}}"#).ttlAfterFinish == 90)
        let error = decodingError(#"{"job":{"ttlAfterFinish":"soon"}}"#)
        #expect(error?.status == 422)
        #expect(error?.field == "job.ttlAfterFinish")
    }

    @Test func pvcIsAListOfObjectsOrOfCLIStrings() throws {
        let decoded = try job(#"{"job":{"pvc":[{"storageClass":"s","size":"1G","path":"/p","readOnly":true},"fast:2Gi:/q:ro"]}}"#)
        #expect(
            decoded.pvc == [
                .init(storageClass: "s", size: "1G", path: "/p", readOnly: true),
                .init(storageClass: "fast", size: "2Gi", path: "/q", readOnly: true),
            ]
        )
        #expect(decodingError(#"{"job":{"pvc":["just-a-name"]}}"#)?.field == "job.pvc[0]")
        #expect(decodingError(#"{"job":{"pvc":{"a":1}}}"#)?.field == "job.pvc")
    }

    @Test func numbersMayComeAsNumericStringsAndCPUAsMillicores() throws {
        let decoded = try job(#"{"job":{"gpu":"0.5","cpu":"500m","cpuLimit":"2"}}"#)
        #expect(decoded.gpu == 0.5)
        #expect(decoded.cpu == 0.5)
        #expect(decoded.cpuLimit == 2)
        #expect(decodingError(#"{"job":{"cpu":[1]}}"#)?.field == "job.cpu")
    }

    @Test func nullMeansAbsent() throws {
        let decoded = try job(#"{"job":{"name":null,"gpu":null,"environment":null,"ports":null}}"#)
        #expect(decoded == LegacyJob())
    }

    @Test func theBodyMustHaveAJobObjectAndNothingElse() {
        #expect(decodingError(#"{}"#)?.field == "job")
        #expect(decodingError(#"{"job":null}"#)?.status == 400)
        #expect(decodingError(#"{"job":"inference1"}"#)?.field == "job")
        #expect(decodingError(#"[{"job":{}}]"#)?.field == "request body")
        let extra = decodingError(#"{"job":{},"priority":1}"#)
        #expect(extra?.status == 422)
        #expect(extra?.field == "request body.priority")
    }

    @Test func malformedJSONIsA400SayingWhereItBreaks() throws {
        let error = try #require(decodingError("{\"job\": {\n  \"name\": \"x\",\n  \"image\" \"nginx\"}}"))
        #expect(error.status == 400)
        #expect(error.message.contains("malformed JSON"))
        #expect(error.details.contains("line 3, column 11"))
        #expect(decodingError("")?.status == 400)
        #expect(decodingError("   \n")?.details.contains("empty") == true)
        #expect(decodingError("{\"job\": {}} trailing")?.status == 400)
    }

    @Test func aDeleteBodyListsNamesWithTheirProjects() throws {
        let references = try LegacyRequestDecoder.decodeJobReferences(Data(#"[{"name":"a","project":"p"},{"name":"b","project":"q"}]"#.utf8))
        #expect(references == [JobReference(name: "a", project: "p"), JobReference(name: "b", project: "q")])
        #expect(try LegacyRequestDecoder.decodeJobReferences(Data("[]".utf8)).isEmpty)
        #expect(throws: LegacyAPIError.missing(field: "[1].project")) {
            try LegacyRequestDecoder.decodeJobReferences(Data(#"[{"name":"a","project":"p"},{"name":"b"}]"#.utf8))
        }
        #expect(throws: LegacyAPIError.self) { try LegacyRequestDecoder.decodeJobReferences(Data(#"{"name":"a"}"#.utf8)) }
    }

    @Test func theSubmissionDecodesThroughJSONDecoderToo() throws {
        let body = Data(#"{"job":{"project":"team-a","image":"nginx","environment":{"N":1}}}"#.utf8)
        let submission = try JSONDecoder().decode(LegacyJobSubmission.self, from: body)
        #expect(submission == (try LegacyRequestDecoder.decodeSubmission(body)))
        #expect(submission.job.environment == ["N": "1"])
    }
}
