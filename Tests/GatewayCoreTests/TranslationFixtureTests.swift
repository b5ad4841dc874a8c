import Foundation
import GatewayCore
import Testing

/// Each file in `Fixtures/` is a legacy request and, written by hand from the reference, the
/// `InferenceWorkload` it must become or the error it must get.
@Suite struct TranslationFixtureTests {
    @Test func thereAreAtLeastTwentyFixturesAmongThemTheWorkedExample() {
        #expect(Fixtures.names.count >= 20)
        #expect(Fixtures.names.contains("01-worked-example.json"))
    }

    @Test("a legacy request becomes the expected InferenceWorkload or the expected error", arguments: Fixtures.names)
    func fixture(_ name: String) throws {
        let fixture = try Fixtures.load(name)
        let body: Data
        if let text = fixture["requestText"]?.stringValue {
            body = Data(text.utf8)
        } else {
            body = try #require(fixture["request"], "\(name) has no request").compactData
        }
        let taken = Set((fixture["takenNames"]?.arrayValue ?? []).compactMap(\.stringValue))
        let options = try Self.options(fixture["options"])
        let user = fixture["user"]?.stringValue

        let outcome = Result { () throws(LegacyAPIError) in try translateBody(body, user: user, taken: taken, options: options) }
        if let expected = fixture["expected"] {
            let workload = try outcome.get()
            let actual = try JSONValue(parsing: workload.jsonData())
            #expect(actual.compactString == expected.compactString, "\(name)")
        } else {
            let expected = try #require(fixture["error"], "\(name) has neither expected nor error")
            guard case .failure(let error) = outcome else {
                Issue.record("\(name): accepted, but \(expected.compactString) was expected")
                return
            }
            #expect(Int64(error.status) == expected["status"]?.integerValue, "\(name): \(error)")
            #expect(error.field == expected["field"]?.stringValue, "\(name): \(error)")
            #expect(error.body.status == error.status)
            for fragment in (expected["contains"]?.arrayValue ?? []).compactMap(\.stringValue) {
                #expect("\(error.message) \(error.details)".contains(fragment), "\(name): \(error.message) / \(error.details)")
            }
            if let field = error.field {
                #expect(error.message.contains(field), "\(name): the message names the field")
            }
        }
    }

    private static func options(_ json: JSONValue?) throws -> TranslationOptions {
        var options = TranslationOptions()
        guard let json else { return options }
        if let version = json["apiVersion"]?.stringValue {
            options.apiVersion = try #require(TranslationOptions.APIVersion(name: version))
        }
        if let pattern = json["namespacePattern"]?.stringValue { options.namespacePattern = pattern }
        if let managedBy = json["managedBy"]?.stringValue { options.managedBy = managedBy }
        return options
    }
}
