import Foundation
import GatewayCore
import Testing

/// Each file in `Fixtures/Templates/` is a template submit (`{"template": …}`), maybe with the
/// administrator's templates it names, and either the `{"job": …}` it must translate exactly as
/// (and the `JobView.template` it records) or the error it must get.
@Suite struct TemplateFixtureTests {
    static let names: [String] = {
        guard let directory = Fixtures.directory?.appending(path: "Templates") else { return [] }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted()
    }()

    @Test func everyTemplateShapeHasAFixture() {
        for shape in ["ports-map", "pvc-map", "volumes-map", "command-string", "service-type-string", "git-sync-map"] {
            #expect(Self.names.contains { $0.contains(shape) }, "no fixture for \(shape)")
        }
    }

    @Test("a template submit translates exactly as its equivalent job, or gets the expected error", arguments: Self.names)
    func fixture(_ name: String) throws {
        let fixture = try Fixtures.load("Templates/\(name)")
        let body = try #require(fixture["request"], "\(name) has no request").compactData
        let templates = try fixture["templates"].map(Self.definitions)
        let taken = Set((fixture["takenNames"]?.arrayValue ?? []).compactMap(\.stringValue))
        let user = fixture["user"]?.stringValue
        let outcome = Result { () throws(LegacyAPIError) in
            try LegacyTranslator.translate(body: body, templates: templates, user: user, takenNames: taken)
        }
        guard let equivalent = fixture["equivalent"] else {
            let expected = try #require(fixture["error"], "\(name) has neither equivalent nor error")
            guard case .failure(let error) = outcome else {
                Issue.record("\(name): accepted, but \(expected.compactString) was expected")
                return
            }
            #expect(Int64(error.status) == expected["status"]?.integerValue, "\(name): \(error)")
            #expect(error.field == expected["field"]?.stringValue, "\(name): \(error)")
            for fragment in (expected["contains"]?.arrayValue ?? []).compactMap(\.stringValue) {
                #expect("\(error.message) \(error.details)".contains(fragment), "\(name): \(error.message) / \(error.details)")
            }
            if let field = error.field {
                #expect(error.message.contains(field), "\(name): the message names the field")
            }
            return
        }
        let workload = try outcome.get()
        let twin = try LegacyTranslator.translate(body: equivalent.compactData, user: user, takenNames: taken)
        #expect(try workload.jsonData() == twin.jsonData(), "\(name): not the equivalent job's InferenceWorkload")
        if let expected = fixture["expected"] {
            #expect(try JSONValue(parsing: workload.jsonData()).compactString == expected.compactString, "\(name)")
        }

        let request = try LegacySubmitRequest(json: JSONValue(parsing: body), templates: templates)
        let recordedJob = try #require(fixture["equivalentJob"] ?? equivalent["job"])
        #expect(request.job == recordedJob, "\(name): the record keeps the equivalent job")
        #expect(request.template.map { JSONValue.object(Self.members(of: $0)) } == fixture["template"], "\(name): JobView.template")
    }

    static func definitions(_ json: JSONValue) throws -> [JobTemplateDefinition] {
        try (json.arrayValue ?? []).map { item in
            JobTemplateDefinition(
                name: try #require(item["name"]?.stringValue),
                projects: item["projects"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) },
                values: item["values"]?.objectValue ?? [:]
            )
        }
    }

    static func members(of reference: JobTemplateReference) -> [String: JSONValue] {
        var members: [String: JSONValue] = ["project": .string(reference.project)]
        if let name = reference.name { members["name"] = .string(name) }
        if let settings = reference.settingsName { members["settingsName"] = .string(settings) }
        return members
    }
}
