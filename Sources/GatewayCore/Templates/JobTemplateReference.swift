import Foundation

/// The template a job was submitted from, as `JobView.template` shows it (the swagger's
/// `api.JobTemplate` without its values, which may hold secrets such as a Git password).
public struct JobTemplateReference: Codable, Sendable, Equatable {
    /// The template's name: `template.name` as submitted, else its `settingsName`.
    public var name: String?
    /// The job's project.
    public var project: String
    /// The administrator's template the defaults came from, if any.
    public var settingsName: String?

    /// Creates a reference.
    public init(name: String? = nil, project: String, settingsName: String? = nil) {
        self.name = name
        self.project = project
        self.settingsName = settingsName
    }

    /// The reference as compact JSON text, as the store keeps it.
    public var jsonText: String {
        var members: [String: JSONValue] = ["project": .string(project)]
        if let name { members["name"] = .string(name) }
        if let settingsName { members["settingsName"] = .string(settingsName) }
        return JSONValue.object(members).compactString
    }

    /// Reads a reference from the text ``jsonText`` wrote; `nil` for anything else.
    public init?(jsonText: String) {
        guard let json = try? JSONValue(parsing: Array(jsonText.utf8)), let project = json["project"]?.stringValue else {
            return nil
        }
        self.init(name: json["name"]?.stringValue, project: project, settingsName: json["settingsName"]?.stringValue)
    }
}
