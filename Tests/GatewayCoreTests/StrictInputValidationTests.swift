import Foundation
import GatewayCore
import Testing

@Suite struct StrictInputValidationTests {
    static let base = #""project":"team-a","image":"nginx""#

    /// A job that breaks one rule of strict input, the field the 422 must name and the rule.
    static let cases: [(job: String, field: String, rule: String)] = [
        (#""project":"team-a","image":"nginx\u0000:evil""#, "job.image", "must not contain control characters"),
        (#""project":"team-a","image":"nginx\u007f""#, "job.image", "must not contain control characters"),
        (base + #","command":"sh\u0000 -c""#, "job.command", "must not contain control characters"),
        (base + #","arguments":["--port","80\u001b[2J"]"#, "job.arguments[1]", "must not contain control characters"),
        (base + #","workingDir":"/app\u0000""#, "job.workingDir", "must not contain control characters"),
        (base + #","environment":{"A":"x\u0000y"}"#, "job.environment.A", "must not contain control characters"),
        (base + #","environment":{"A\u0000":"x"}"#, #"job.environment["A\u0000"]"#, "must be a valid environment variable name"),
        (base + #","pvc":[{"path":"/data\u0000","size":"1G"}]"#, "job.pvc[0].path", "must not contain control characters"),
        (base + #","volumes":[{"sourcePath":"/a","targetPath":"/b\u0001"}]"#, "job.volumes[0].targetPath", "must not contain control characters"),
        (base + #","gitSync":[{"repository":"https://x/r\u0000"}]"#, "job.gitSync[0].repository", "must not contain control characters"),
        (#""project":"p\u0000other","image":"nginx""#, "job.project", "must be a DNS-1123 label"),
        (base + #","name":"keepme\u0000zzz""#, "job.name", "must be a DNS-1123 label of at most 63 characters"),
        (base + #","gpu":123456789012345678901234567890"#, "job.gpu", "must be a whole number up to 16 or a fraction between 0 and 1"),
        (base + #","gpu":17"#, "job.gpu", "must be a whole number up to 16 or a fraction between 0 and 1"),
        (base + #","gpu":1e400"#, "job.gpu", "must be a whole number up to 16 or a fraction between 0 and 1"),
        (base + #","cpu":2048"#, "job.cpu", "must be at most 1024 cores"),
        (base + #","cpuLimit":1e400"#, "job.cpuLimit", "must be at most 1024 cores"),
        (base + #","runAsUid":123456789012345678901234567890"#, "job.runAsUid", "must be a whole number from -2147483648 to 2147483647"),
        (base + #","runAsGid":4294967296"#, "job.runAsGid", "must be a whole number from -2147483648 to 2147483647"),
        (base + #","ports":[{"container":99999999999}]"#, "job.ports[0].container", "must be a whole number from -2147483648 to 2147483647"),
        (base + #","ports":[{"container":65536}]"#, "job.ports[0].container", "must be from 1 to 65535"),
        (base + #","processes":1e30"#, "job.processes", "must be a whole number from -2147483648 to 2147483647"),
        (base + #","ttlAfterFinish":99999999999"#, "job.ttlAfterFinish", "must be a whole number from -2147483648 to 2147483647"),
        (base + #","replicas":3000000000"#, "job.replicas", "must be a whole number from -2147483648 to 2147483647"),
        (base + #","environment":{"BIG":1e400}"#, "job.environment.BIG", "must be a finite number"),
    ]

    @Test(arguments: cases.indices)
    func strictInputIsA422NamingTheField(index: Int) throws {
        let testCase = Self.cases[index]
        let error = try #require(rejection(#"{"job":{\#(testCase.job)}}"#), "accepted: \(testCase.job)")
        #expect(error.status == 422, "\(error.message)")
        #expect(error.field == testCase.field, "\(error.message)")
        #expect(error.message == "\(testCase.field): \(testCase.rule)")
        #expect(!error.details.utf8.contains(0), "details show control characters escaped: \(error.details)")
    }

    @Test func environmentValuesKeepTabsAndLineBreaks() throws {
        let certificate = #"-----BEGIN CERTIFICATE-----\nMIIB\r\n\tAA==\n-----END CERTIFICATE-----"#
        let object = try translate(#"{"job":{\#(Self.base),"environment":{"CERT":"\#(certificate)"}}}"#)
        let value = try #require(object.spec.environment?.items["CERT"]?.value)
        #expect(value == "-----BEGIN CERTIFICATE-----\nMIIB\r\n\tAA==\n-----END CERTIFICATE-----")
    }

    @Test func aFractionWhereAWholeNumberBelongsStaysA400() throws {
        let error = try #require(rejection(#"{"job":{\#(Self.base),"runAsUid":1.5}}"#))
        #expect(error.status == 400)
        #expect(error.field == "job.runAsUid")
    }

    @Test func theLargestGPUAndCPURequestsAreAccepted() throws {
        let object = try translate(#"{"job":{\#(Self.base),"gpu":16,"cpu":1024,"cpuLimit":1024}}"#)
        #expect(object.spec.gpu?.value == "16")
        #expect(object.spec.cpu?.value == "1024")
    }

    @Test(arguments: [
        ("keepme\u{0}zzz", false), ("p", true), ("team-a", true), ("Team-a", false), ("-a", false), ("a-", false),
        (String(repeating: "a", count: 63), true), (String(repeating: "a", count: 64), false), ("", false), ("a b", false),
        ("a%00", false), ("ä", false),
    ])
    func namesAreCheckedWhole(name: String, valid: Bool) {
        #expect((try? LegacyNames.checkJob(name, field: "job")) != nil ? valid : !valid, "\(name.debugDescription)")
        #expect((try? LegacyNames.checkProject(name, field: "project")) != nil ? valid : !valid, "\(name.debugDescription)")
    }

    @Test func aNameErrorNamesTheFieldAndShowsTheNULEscaped() throws {
        do {
            try LegacyNames.checkProject("p\u{0}other", field: "[0].project")
            Issue.record("accepted")
        } catch {
            #expect(error.status == 422)
            #expect(error.field == "[0].project")
            #expect(error.message == "[0].project: must be a DNS-1123 label")
            #expect(error.details.contains(#""p\u0000other""#), "\(error.details)")
            #expect(error.details.contains("control characters"))
        }
    }

    @Test func deleteListEntriesAreCheckedWhole() throws {
        let body = Data(#"[{"name":"ok","project":"p"},{"name":"keepme\u0000zzz","project":"p"}]"#.utf8)
        #expect {
            _ = try LegacyRequestDecoder.decodeJobReferences(body)
        } throws: { error in
            (error as? LegacyAPIError)?.field == "[1].name" && (error as? LegacyAPIError)?.status == 422
        }
        let references = try LegacyRequestDecoder.decodeJobReferences(Data(#"[{"name":"ok","project":"p"}]"#.utf8))
        #expect(references == [JobReference(name: "ok", project: "p")])
    }
}
