import Foundation

/// Turns legacy request bodies into typed values, with a ``LegacyAPIError`` that names the place
/// for anything it cannot read.
public enum LegacyRequestDecoder {
    /// The default limit on a request body: 1 MiB.
    public static let defaultBodyLimit = 1 << 20

    /// Reads a submit body (`{"job": {…}}`).
    /// - Throws: ``LegacyAPIError``: `400` for malformed JSON (with line and column), a missing `job`,
    ///   or a field of the wrong type; `422` for an unknown field or a value outside its documented set.
    public static func decodeSubmission(_ data: Data) throws(LegacyAPIError) -> LegacyJobSubmission {
        try LegacyJobSubmission(json: parse(data))
    }

    /// Reads the body of `DELETE /api/v1/jobs`: `[{"name": "…", "project": "…"}, …]`.
    /// - Throws: ``LegacyAPIError`` (`400`) for malformed JSON, a body that is not an array, or an entry
    ///   without a name or project.
    public static func decodeJobReferences(_ data: Data) throws(LegacyAPIError) -> [JobReference] {
        let json = try parse(data)
        guard case .array(let items) = json else {
            throw .wrongType(field: "request body", expected: "an array of {\"name\", \"project\"}", found: json)
        }
        var references: [JobReference] = []
        for (index, item) in items.enumerated() {
            var reader = try JSONObjectReader(item, path: "[\(index)]")
            guard let name = try reader.string("name"), !name.isEmpty else { throw .missing(field: reader.field("name")) }
            guard let project = try reader.string("project"), !project.isEmpty else {
                throw .missing(field: reader.field("project"))
            }
            try reader.rejectUnknownMembers(accepted: "name, project")
            references.append(JobReference(name: name, project: project))
        }
        return references
    }

    /// Parses a body as one JSON document.
    /// - Throws: ``LegacyAPIError`` (`400`) saying what is wrong and at which line and column.
    public static func parse(_ data: Data) throws(LegacyAPIError) -> JSONValue {
        let bytes = [UInt8](data)
        if bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            throw .malformedJSON("The request body is empty; a JSON document is expected.")
        }
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            let (line, column) = position(of: error.offset, in: bytes)
            throw .malformedJSON("The body is not valid JSON: \(error.message) at line \(line), column \(column) (byte \(error.offset)).")
        }
    }

    /// The 1-based line and column of a byte offset.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
