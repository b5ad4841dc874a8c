/// Chooses the name of a legacy job: the given one, checked, or `<prefix>-<n>` unique in the project.
///
/// Generation is pure: the caller passes the names already taken in the project (live and
/// deleted ones it does not want reused), and the same inputs always give the same name. Like the
/// legacy CLI, names count up from 1 (`job-1`, `job-2`, …) with the job's `jobNamePrefix`, or `job`.
public enum JobNameGenerator {
    /// The prefix used when the job names none.
    public static let defaultPrefix = "job"

    /// The job's name: `job.name` checked, or a generated one.
    /// - Parameters:
    ///   - job: the legacy job.
    ///   - taken: the names already used in the job's project.
    ///   - options: supplies the longest allowed name.
    /// - Throws: ``LegacyAPIError``: `422` for a name or prefix that is not a DNS-1123 label, `409` when the
    ///   given name is taken.
    public static func name(
        for job: LegacyJob,
        taken: Set<String>,
        options: TranslationOptions = .init()
    ) throws(LegacyAPIError) -> String {
        if let name = job.name, !name.isEmpty {
            try check(name: name, field: "job.name", maximumLength: options.maximumNameLength)
            if taken.contains(name) { throw .alreadyExists(name: name, project: job.project ?? "") }
            return name
        }
        let prefix = job.jobNamePrefix.flatMap { $0.isEmpty ? nil : $0 } ?? defaultPrefix
        try check(prefix: prefix, maximumLength: options.maximumNameLength)
        let name = sequentialName(prefix: prefix, taken: taken)
        guard name.utf8.count <= options.maximumNameLength else {
            throw .invalid(
                field: "job.jobNamePrefix",
                rule: "leaves no room for a number",
                details: "\(name) would be longer than \(options.maximumNameLength) characters; use a shorter job.jobNamePrefix."
            )
        }
        return name
    }

    /// `<prefix>-<n>` for the smallest `n` from 1 that is not in `taken`.
    public static func sequentialName(prefix: String, taken: Set<String>) -> String {
        var number = 1
        while taken.contains("\(prefix)-\(number)") { number += 1 }
        return "\(prefix)-\(number)"
    }

    /// `<prefix>-<5 random lowercase letters and digits>`, like Kubernetes' `generateName`.
    public static func randomName(prefix: String, using generator: inout some RandomNumberGenerator) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        let suffix = String((0..<5).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        return "\(prefix)-\(suffix)"
    }

    /// Throws unless `name` is a DNS-1123 label of at most `maximumLength` characters.
    static func check(name: String, field: String, maximumLength: Int) throws(LegacyAPIError) {
        guard KubernetesNames.isDNSLabel(name, maximumLength: maximumLength) else {
            throw .invalid(
                field: field,
                rule: "must be a DNS-1123 label of at most \(maximumLength) characters",
                details:
                    "\(field) is \(LegacyNames.quoted(name)); a job name is at most \(maximumLength) lowercase letters, digits and '-', starting and ending with a letter or digit."
            )
        }
    }

    /// Throws unless `<prefix>-1` would be a valid name.
    static func check(prefix: String, maximumLength: Int) throws(LegacyAPIError) {
        guard KubernetesNames.isDNSLabel(prefix + "-1", maximumLength: maximumLength) else {
            throw .invalid(
                field: "job.jobNamePrefix",
                rule: "must start a DNS-1123 label",
                details:
                    "job.jobNamePrefix is \(LegacyNames.quoted(prefix)); a prefix is lowercase letters, digits and '-', starting with a letter or digit, short enough to add -<number> within \(maximumLength) characters."
            )
        }
    }
}
