import Foundation

/// The template shape of job values (the swagger's `api.JobTemplateValues`) and how it becomes the
/// job shape (`api.Job`).
///
/// The two shapes share their field names. They differ in four fields, which a template gives as
/// maps of names to items where a job gives lists: `ports`, `pvc`, `volumes` and `gitSync`. The
/// map's items become the list in the order of their names, so `{"b": …, "a": …}` is the list
/// `[a, b]` (and `pvc` items become the claims `pvc-0`, `pvc-1`, … in that order). `command` and
/// `serviceType` are strings in the template shape, which the job shape accepts as they are; every
/// other field has the same shape in both.
public enum LegacyTemplateValues {
    /// The fields a template gives as maps of names to items and a job as lists, with what an item is.
    public static let keyedListFields: [(field: String, item: String)] = [
        ("ports", "ports"), ("pvc", "claims"), ("volumes", "volumes"), ("gitSync", "Git sources"),
    ]

    /// The fields that merge by key when submitted values meet a template's defaults.
    public static let fieldsMergedByKey: Set<String> = ["ports", "pvc", "volumes", "gitSync", "environment"]

    /// Merges submitted values over a template's defaults.
    ///
    /// A submitted value replaces the default of its field, except in the map-typed fields
    /// (``fieldsMergedByKey``), which merge by key: a submitted item replaces the default item of
    /// its name, and an item submitted as `null` removes it. A field submitted as `null` keeps its default.
    public static func merge(_ submitted: [String: JSONValue], over defaults: [String: JSONValue]) -> [String: JSONValue] {
        var result = defaults.filter { !$0.value.isNull }
        for (key, value) in submitted where !value.isNull {
            if fieldsMergedByKey.contains(key), case .object(let items) = value, case .object(var base)? = result[key] {
                for (name, item) in items { base[name] = item }
                result[key] = .object(base)
            } else {
                result[key] = value
            }
        }
        for key in fieldsMergedByKey {
            if case .object(let items)? = result[key] { result[key] = .object(items.filter { !$0.value.isNull }) }
        }
        return result
    }

    /// Turns values of the template shape into the members of the equivalent `job` object.
    /// - Parameters:
    ///   - values: the values, merged with any defaults.
    ///   - path: where the values sit in the request (`template.values`), for error messages.
    /// - Throws: ``LegacyAPIError`` (`400`) when a map-typed field is not an object.
    public static func jobObject(_ values: [String: JSONValue], path: String) throws(LegacyAPIError) -> Conversion {
        var members = values
        var renames: [(from: String, to: String)] = []
        for (key, item) in keyedListFields {
            guard let value = values[key] else { continue }
            let field = JSONObjectReader.member(path, key)
            guard case .object(let items) = value else {
                throw .wrongType(field: field, expected: "an object of names to \(item) (the template shape; a job takes a list)", found: value)
            }
            let sorted = items.sorted { $0.key < $1.key }
            members[key] = .array(sorted.map(\.value))
            for (index, entry) in sorted.enumerated() {
                renames.append((from: "\(field)[\(index)]", to: JSONObjectReader.member(field, entry.key)))
            }
        }
        return Conversion(members: members, path: path, renames: renames)
    }

    /// Template values in the job shape, and how to name their fields in errors.
    public struct Conversion: Sendable, Equatable {
        /// The members of the equivalent `job` object.
        public var members: [String: JSONValue]
        /// Where the values sit in the request.
        public var path: String
        /// The list item paths of the job shape and the map item paths they came from.
        var renames: [(from: String, to: String)]

        /// Whether two conversions are the same.
        public static func == (lhs: Conversion, rhs: Conversion) -> Bool {
            lhs.members == rhs.members && lhs.path == rhs.path && lhs.renames.map(\.from) == rhs.renames.map(\.from)
                && lhs.renames.map(\.to) == rhs.renames.map(\.to)
        }

        /// An error about the equivalent job, told in the fields of the template values:
        /// `job.gpu` becomes `template.values.gpu`, `template.values.ports[0].container` becomes
        /// `template.values.ports.http.container`.
        public func renamed(_ error: LegacyAPIError) -> LegacyAPIError {
            var error = error
            error.field = error.field.map(rename)
            error.message = rename(error.message)
            error.details = rename(error.details)
            return error
        }

        private func rename(_ text: String) -> String {
            var text = Self.replacingJobFields(in: text, with: path)
            for (from, to) in renames where text.contains(from) {
                text = text.replacingOccurrences(of: from, with: to)
            }
            return text
        }

        /// Replaces every field path `job.…` (a word `job` followed by `.` and a letter) with `path.…`.
        static func replacingJobFields(in text: String, with path: String) -> String {
            let word = Array("job.")
            let characters = Array(text)
            var output = ""
            var index = 0
            while index < characters.count {
                let rest = characters.count - index
                if rest > word.count, Array(characters[index..<index + word.count]) == word, characters[index + word.count].isLetter,
                    index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber || "._[".contains(characters[index - 1]))
                {
                    output += "\(path)."
                    index += word.count
                } else {
                    output.append(characters[index])
                    index += 1
                }
            }
            return output
        }
    }
}
