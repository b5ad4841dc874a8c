import Foundation

/// An administrator's job template: named defaults for the `values` of a template submit, as
/// Run:ai's administrative templates were, read from the gateway's templates file.
///
/// A submit `{"template": {"settingsName": "small-gpu", "values": {…}}}` starts from the values of
/// the definition named `small-gpu`; the submitted values win, and the map-typed fields
/// (`ports`, `pvc`, `volumes`, `gitSync`, `environment`) merge by key.
public struct JobTemplateDefinition: Sendable, Equatable {
    /// The name a submit gives as `template.settingsName`.
    public var name: String
    /// The projects that may use the template; `nil` means every project.
    public var projects: Set<String>?
    /// The default values, in the template shape of the swagger's `api.JobTemplateValues`.
    public var values: [String: JSONValue]

    /// Creates a definition.
    public init(name: String, projects: Set<String>? = nil, values: [String: JSONValue] = [:]) {
        self.name = name
        self.projects = projects
        self.values = values
    }

    /// Whether a job of `project` may use the template.
    public func isAvailable(in project: String) -> Bool {
        projects?.contains(project) ?? true
    }

    /// Value keys a definition may not set: a template that fixed the job's name or project could
    /// be used only once, or only in one project regardless of `projects`.
    public static let forbiddenValueKeys: [String] = ["name", "project"]

    /// Checks that the values have the template shape and set no per-job field.
    /// - Parameter path: where the definition sits, e.g. `templates[2]`, for error messages.
    /// - Throws: ``LegacyAPIError`` naming the value at fault (`templates[2].values.ports.http.container`).
    ///   Messages say what kind of value is wrong, never the value itself.
    public func validate(path: String) throws(LegacyAPIError) {
        let valuesPath = "\(path).values"
        for key in Self.forbiddenValueKeys where values[key].map({ !$0.isNull }) == true {
            throw .invalid(
                field: "\(valuesPath).\(key)",
                rule: "a template cannot set the job's \(key)",
                details: "\(valuesPath).\(key) would be the same for every job of the template; the submit gives it (use jobNamePrefix for names)."
            )
        }
        let converted = try LegacyTemplateValues.jobObject(LegacyTemplateValues.merge(values, over: [:]), path: valuesPath)
        do {
            _ = try LegacyJob(json: .object(converted.members), path: valuesPath)
        } catch {
            throw converted.renamed(error)
        }
    }
}
