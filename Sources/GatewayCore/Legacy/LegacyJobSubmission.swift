import Foundation

/// The body of a legacy submit: `{"job": {…}, "template": {…}}` (the swagger's `api.SubmitJobParams`).
public struct LegacyJobSubmission: Sendable, Equatable, Decodable {
    /// The job to run.
    public var job: LegacyJob
    /// A job template the swagger allows alongside; ``LegacyJobValidator`` refuses one that would change the result.
    public var template: LegacyJobTemplate?

    /// Creates a submission.
    public init(job: LegacyJob, template: LegacyJobTemplate? = nil) {
        self.job = job
        self.template = template
    }

    /// Reads a submission from the parsed body.
    /// - Throws: ``LegacyAPIError`` (`400`) when `job` is missing or not an object, or any field has the wrong shape.
    public init(json: JSONValue) throws(LegacyAPIError) {
        var reader = try JSONObjectReader(json, path: "request body")
        guard let job = reader.value("job") else { throw .missing(field: "job") }
        self.job = try LegacyJob(json: job, path: "job")
        if let template = reader.value("template") {
            self.template = try LegacyJobTemplate(json: template, path: "template")
        }
        try reader.rejectUnknownMembers(accepted: "job, template")
    }

    /// Decodes a submission tolerantly; errors are ``LegacyAPIError``s.
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }
}

/// The swagger's `api.JobTemplate`: a named set of defaults the old Researcher service applied to a job.
public struct LegacyJobTemplate: Sendable, Equatable {
    /// The template's name.
    public var name: String?
    /// The project the template belongs to.
    public var project: String?
    /// The name of the settings the template refers to.
    public var settingsName: String?
    /// Default values by job field name (`gpu`, `environment`, …), as sent.
    public var values: [String: JSONValue]

    /// Creates a template.
    public init(name: String? = nil, project: String? = nil, settingsName: String? = nil, values: [String: JSONValue] = [:]) {
        self.name = name
        self.project = project
        self.settingsName = settingsName
        self.values = values
    }

    /// Reads a template from its JSON value.
    public init(json: JSONValue, path: String) throws(LegacyAPIError) {
        var reader = try JSONObjectReader(json, path: path)
        name = try reader.string("name")
        project = try reader.string("project")
        settingsName = try reader.string("settingsName")
        values = [:]
        if let value = reader.value("values") {
            guard case .object(let members) = value else {
                throw .wrongType(field: reader.field("values"), expected: "an object", found: value)
            }
            values = members.filter { $0.value != .null }
        }
        try reader.rejectUnknownMembers(accepted: "name, project, settingsName, values")
    }

    /// Whether the template carries nothing at all.
    public var isEmpty: Bool {
        (name ?? "").isEmpty && (project ?? "").isEmpty && (settingsName ?? "").isEmpty && values.isEmpty
    }
}
