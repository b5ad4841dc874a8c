import Foundation
import GatewayCore
import Hummingbird

/// The query parameters of one embedded API request, with typed, validated accessors.
///
/// A malformed value is a 400 `BadRequest` naming the parameter and the rule; parameters the
/// API does not use are ignored, as the API server ignores them.
struct KubeQuery: Sendable, Equatable {
    /// The raw values; for a repeated parameter, the first one.
    var values: [String: String]

    /// Reads the parameters of a request URI.
    init(_ parameters: Parameters) {
        var values: [String: String] = [:]
        for (key, value) in parameters where values[String(key)] == nil {
            values[String(key)] = String(value)
        }
        self.values = values
    }

    /// Creates a query from plain values (tests).
    init(values: [String: String]) {
        self.values = values
    }

    /// The value of `name`, or `nil` when absent or empty.
    func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// A boolean parameter as Go's `strconv.ParseBool` reads it (`1`, `t`, `true`, `0`, `f`, `false`, any case).
    /// - Throws: 400 BadRequest for anything else.
    func bool(_ name: String) throws(KubeStatusError) -> Bool? {
        guard let value = string(name) else { return nil }
        switch value.lowercased() {
        case "1", "t", "true": return true
        case "0", "f", "false": return false
        default:
            throw .badRequest("invalid value \"\(value)\" for the query parameter \(name): must be true or false")
        }
    }

    /// A non-negative integer parameter.
    /// - Throws: 400 BadRequest when it is not a whole number of at least 0.
    func count(_ name: String) throws(KubeStatusError) -> Int? {
        guard let value = string(name) else { return nil }
        guard let number = Int(value), number >= 0 else {
            throw .badRequest("invalid value \"\(value)\" for the query parameter \(name): must be a whole number of at least 0")
        }
        return number
    }

    /// `dryRun`: only `All` exists. The embedded cluster does not simulate writes, so it says so.
    /// - Throws: 400 BadRequest for `dryRun=All` (not supported here) and for any other value (unknown).
    func rejectDryRun() throws(KubeStatusError) {
        guard let value = string("dryRun") else { return }
        guard value == "All" else {
            throw .badRequest("invalid value \"\(value)\" for the query parameter dryRun: the only valid value is All")
        }
        throw .badRequest(
            "dryRun=All is not supported by the embedded cluster: nothing was written; repeat the request without dryRun"
        )
    }

    /// `fieldValidation`: `Ignore`, `Warn` or `Strict` (the default when absent is `Warn`, as in Kubernetes 1.27+).
    /// - Throws: 400 BadRequest for another value.
    func fieldValidation() throws(KubeStatusError) -> FieldValidation {
        guard let value = string("fieldValidation") else { return .warn }
        guard let directive = FieldValidation(rawValue: value) else {
            throw .badRequest("fieldValidation must be one of Ignore, Warn or Strict, not \"\(value)\"")
        }
        return directive
    }
}

/// What to do with fields the server does not know (`fieldValidation`).
enum FieldValidation: String, Sendable, Equatable {
    /// Drop them silently.
    case ignore = "Ignore"
    /// Keep going and send a `Warning` header per field.
    case warn = "Warn"
    /// Reject the request with 400 BadRequest.
    case strict = "Strict"
}
