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
    ///   without a name or project; `422` for a name or project that is not a DNS-1123 label.
    public static func decodeJobReferences(_ data: Data) throws(LegacyAPIError) -> [JobReference] {
        try decodeJobReferences(json: parse(data))
    }

    /// Reads an already parsed `DELETE /api/v1/jobs` body. Every entry is checked whole (see
    /// ``LegacyNames``) before the caller looks any of them up.
    /// - Throws: ``LegacyAPIError`` as ``decodeJobReferences(_:)``.
    public static func decodeJobReferences(json: JSONValue) throws(LegacyAPIError) -> [JobReference] {
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
            try LegacyNames.checkJob(name, field: reader.field("name"))
            try LegacyNames.checkProject(project, field: reader.field("project"))
            references.append(JobReference(name: name, project: project))
        }
        return references
    }

    /// Parses a body as one JSON document, strictly (``JSONValue/ParsingMode/strict``): every legacy
    /// write body comes through here, so none is read with a repeated key or invalid UTF-8.
    /// - Throws: ``LegacyAPIError`` (`400`) saying what is wrong and at which line, column and byte:
    ///   malformed JSON, a key repeated in one object, invalid UTF-8 (overlong forms and encoded
    ///   surrogates included) or an unpaired `\uD800`-style escape.
    public static func parse(_ data: Data) throws(LegacyAPIError) -> JSONValue {
        let bytes = [UInt8](data)
        if bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            throw .malformedJSON("The request body is empty; a JSON document is expected.")
        }
        do {
            return try JSONValue(parsing: bytes, mode: .strict)
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
