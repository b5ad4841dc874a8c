import Foundation
import GatewayCore
import Testing

/// The whole submit path of the core, as the HTTP layer runs it: decode, validate, name, translate.
func translateBody(
    _ body: Data,
    user: String? = nil,
    taken: Set<String> = [],
    options: TranslationOptions = .init()
) throws(LegacyAPIError) -> InferenceWorkload {
    try LegacyTranslator.translate(body: body, user: user, takenNames: taken, options: options)
}

/// `translateBody` for a JSON literal written in a test.
func translate(
    _ json: String,
    user: String? = nil,
    taken: Set<String> = [],
    options: TranslationOptions = .init()
) throws(LegacyAPIError) -> InferenceWorkload {
    try translateBody(Data(json.utf8), user: user, taken: taken, options: options)
}

/// The error `body` gets, or `nil` when it is accepted.
func rejection(_ json: String, taken: Set<String> = []) -> LegacyAPIError? {
    do {
        _ = try translate(json, taken: taken)
        return nil
    } catch {
        return error
    }
}

/// The translation fixtures in `Fixtures/`.
enum Fixtures {
    static var directory: URL? {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)
    }

    /// The fixture file names, sorted.
    static let names: [String] = {
        guard let directory else { return [] }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted()
    }()

    /// The parsed fixture.
    static func load(_ name: String) throws -> JSONValue {
        let url = try #require(directory).appendingPathComponent(name)
        return try JSONValue(parsing: Data(contentsOf: url))
    }
}
