import Foundation

/// JSON helpers shared by the client: decoding with errors that name the path, not the values.
enum KubernetesJSON {
    /// Decodes a body, turning a `DecodingError` into ``KubernetesError/Code/decodingFailed``.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw KubernetesError(.decodingFailed, "the response does not decode as \(T.self): \(summary(of: error))")
        } catch {
            throw KubernetesError(.decodingFailed, "the response does not decode as \(T.self)")
        }
    }

    /// Where decoding failed and why, without the offending values.
    static func summary(of error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "the top level" : path
        }
        switch error {
        case .typeMismatch(let type, let context): return "\(path(context)) is not a \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)) is missing (expected \(type))"
        case .keyNotFound(let key, let context): return "\(path(context)) has no key \"\(key.stringValue)\""
        case .dataCorrupted(let context): return "\(path(context)) is not valid JSON"
        @unknown default: return "the body is not valid"
        }
    }
}
