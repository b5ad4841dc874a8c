import GatewayCore
import Testing

/// A seeded generator, so random names are reproducible in tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct NameGenerationTests {
    @Test func aJobWithoutANameIsCalledJobOneLikeTheLegacyCLI() throws {
        #expect(try JobNameGenerator.name(for: LegacyJob(project: "team-a"), taken: []) == "job-1")
    }

    @Test func generatedNamesSkipEveryTakenName() throws {
        let taken: Set = ["job-1", "job-2", "job-4"]
        #expect(try JobNameGenerator.name(for: LegacyJob(project: "team-a"), taken: taken) == "job-3")
        #expect(JobNameGenerator.sequentialName(prefix: "job", taken: taken.union(["job-3"])) == "job-5")
    }

    @Test func thePrefixReplacesJob() throws {
        var job = LegacyJob(project: "team-a")
        job.jobNamePrefix = "marian"
        #expect(try JobNameGenerator.name(for: job, taken: ["job-1"]) == "marian-1")
    }

    @Test func aGivenNameIsCheckedAndKept() throws {
        #expect(try JobNameGenerator.name(for: LegacyJob(name: "inference1", project: "team-a"), taken: ["other"]) == "inference1")
        #expect(throws: LegacyAPIError.alreadyExists(name: "inference1", project: "team-a")) {
            try JobNameGenerator.name(for: LegacyJob(name: "inference1", project: "team-a"), taken: ["inference1"])
        }
        #expect(throws: LegacyAPIError.self) {
            try JobNameGenerator.name(for: LegacyJob(name: "Inference1", project: "team-a"), taken: [])
        }
    }

    @Test func aPrefixTooLongForANumberIsRefused() {
        var job = LegacyJob(project: "team-a")
        job.jobNamePrefix = String(repeating: "p", count: 62)
        #expect(throws: LegacyAPIError.self) { try JobNameGenerator.name(for: job, taken: []) }
        job.jobNamePrefix = String(repeating: "p", count: 61)
        #expect((try? JobNameGenerator.name(for: job, taken: [])) == job.jobNamePrefix! + "-1")
    }

    @Test func randomNamesAreValidLabelsAndReproducibleFromTheSameSeed() {
        var first = SplitMix64(state: 42)
        var second = SplitMix64(state: 42)
        var names: Set<String> = []
        for _ in 0..<100 {
            let name = JobNameGenerator.randomName(prefix: "job", using: &first)
            #expect(name == JobNameGenerator.randomName(prefix: "job", using: &second))
            #expect(KubernetesNames.isDNSLabel(name))
            #expect(name.hasPrefix("job-") && name.count == 9)
            names.insert(name)
        }
        #expect(names.count > 90)
    }

    @Test func dnsLabelRules() {
        #expect(KubernetesNames.isDNSLabel("inference1"))
        #expect(KubernetesNames.isDNSLabel("a-b-9"))
        #expect(KubernetesNames.isDNSLabel("1st"))
        #expect(!KubernetesNames.isDNSLabel(""))
        #expect(!KubernetesNames.isDNSLabel("-a"))
        #expect(!KubernetesNames.isDNSLabel("a-"))
        #expect(!KubernetesNames.isDNSLabel("a.b"))
        #expect(!KubernetesNames.isDNSLabel("Abc"))
        #expect(!KubernetesNames.isDNSLabel("é"))
        #expect(!KubernetesNames.isDNSLabel(String(repeating: "a", count: 64)))
    }

    @Test func quantitiesAreKubernetesSpellingsAndTheLegacyGBIsTolerated() {
        #expect(KubernetesNames.quantity("2G") == "2G")
        #expect(KubernetesNames.quantity("512Mi") == "512Mi")
        #expect(KubernetesNames.quantity("1.5Gi") == "1.5Gi")
        #expect(KubernetesNames.quantity("100") == "100")
        #expect(KubernetesNames.quantity("1e9") == "1e9")
        #expect(KubernetesNames.quantity("3GB") == "3G")
        #expect(KubernetesNames.quantity("4GiB") == "4Gi")
        #expect(KubernetesNames.quantity("GB") == nil)
        #expect(KubernetesNames.quantity("2 G") == nil)
        #expect(KubernetesNames.quantity("lots") == nil)
        #expect(KubernetesNames.quantity(".5G") == nil)
    }
}
