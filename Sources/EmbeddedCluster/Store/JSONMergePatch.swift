import GatewayCore

/// RFC 7386 JSON merge patch. Pure.
///
/// Objects merge member by member; a `null` member removes the key; anything else (arrays,
/// scalars, a non-object patch) replaces the target.
enum JSONMergePatch {
    /// The result of applying `patch` to `target`.
    static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let members) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in members {
            if value.isNull {
                result[key] = nil
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}
