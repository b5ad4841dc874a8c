import Foundation

/// A submit body of either form the swagger allows, read into the job it stands for:
/// `{"job": {…}}` (with an optional `template` that must change nothing), or
/// `{"template": {"name", "project", "settingsName", "values"}}`.
///
/// A template submit's job is its `values` (``LegacyTemplateValues``), merged over the defaults
/// of the administrator's template named `settingsName`, with the project of `template.project`
/// (or `values.project`). It translates exactly as the equivalent `{"job": …}`; only the record
/// remembers the template (``template``). Errors about it name the template's fields:
/// run validation and translation inside ``attributing(_:)``.
///
/// ```swift
/// let request = try LegacySubmitRequest(json: body, templates: definitions)
/// try request.attributing { () throws(LegacyAPIError) in try LegacyJobValidator.validate(request.submission) }
/// ```
public struct LegacySubmitRequest: Sendable {
    /// The job to validate and translate.
    public var submission: LegacyJobSubmission
    /// The job object the record keeps: `job` as received, or the equivalent job of a template submit.
    public var job: JSONValue
    /// The template a template submit names; `nil` for a `{"job": …}` body.
    public var template: JobTemplateReference?
    /// How the template values became the job, for error messages.
    private var conversion: LegacyTemplateValues.Conversion?
    /// The administrator's template used, and the value paths that came from it alone.
    private var defaulted: (settingsName: String, paths: [String])?

    /// Reads a submit body.
    /// - Parameters:
    ///   - json: the parsed body.
    ///   - templates: the administrator's templates; `nil` when the gateway has none configured.
    /// - Throws: ``LegacyAPIError``: `400` for a body of neither form or a field of the wrong shape,
    ///   `404` for an unknown `template.settingsName` (or one not available in the job's project),
    ///   `422` for a project that disagrees with itself.
    public init(json: JSONValue, templates: [JobTemplateDefinition]?) throws(LegacyAPIError) {
        let hasJob = json["job"].map { !$0.isNull } ?? false
        guard !hasJob, let template = json["template"], !template.isNull else {
            self.init(submission: try LegacyJobSubmission(json: json), job: json["job"] ?? .object([:]))
            return
        }
        var reader = try JSONObjectReader(json, path: "request body")
        _ = reader.value("job")
        _ = reader.value("template")
        try reader.rejectUnknownMembers(accepted: "job, template")
        try self.init(template: LegacyJobTemplate(json: template, path: "template"), templates: templates)
    }

    private init(submission: LegacyJobSubmission, job: JSONValue) {
        self.submission = submission
        self.job = job
    }

    /// Reads a template submit.
    /// - Throws: as ``init(json:templates:)``.
    public init(template: LegacyJobTemplate, templates: [JobTemplateDefinition]?) throws(LegacyAPIError) {
        let path = "template.values"
        let project = try Self.project(of: template)
        var defaults: [String: JSONValue] = [:]
        var settingsName: String?
        if let name = template.settingsName, !name.isEmpty {
            let definition = try Self.definition(named: name, for: project, in: templates)
            defaults = definition.values
            settingsName = name
        }
        var values = LegacyTemplateValues.merge(template.values, over: defaults)
        values["project"] = .string(project)
        let conversion = try LegacyTemplateValues.jobObject(values, path: path)
        let defaulted = settingsName.map { ($0, Self.pathsOnlyIn(defaults, notIn: template.values, path: path)) }
        let job = JSONValue.object(conversion.members)
        do {
            submission = LegacyJobSubmission(job: try LegacyJob(json: job, path: path))
        } catch {
            throw Self.attributed(error, conversion: conversion, defaulted: defaulted)
        }
        self.job = job
        self.conversion = conversion
        self.defaulted = defaulted
        self.template = JobTemplateReference(
            name: template.name.flatMap { $0.isEmpty ? nil : $0 } ?? settingsName,
            project: project,
            settingsName: settingsName
        )
    }

    /// Runs `body`, telling any error in the fields of the request as sent: for a template submit,
    /// `job.gpu` becomes `template.values.gpu`, list items become the map items they came from,
    /// and a value that came from the administrator's template says so.
    public func attributing<T>(_ body: () throws(LegacyAPIError) -> T) throws(LegacyAPIError) -> T {
        do {
            return try body()
        } catch {
            throw attributed(error)
        }
    }

    /// `error` told in the fields of the request as sent (see ``attributing(_:)``).
    public func attributed(_ error: LegacyAPIError) -> LegacyAPIError {
        Self.attributed(error, conversion: conversion, defaulted: defaulted)
    }

    private static func attributed(
        _ error: LegacyAPIError,
        conversion: LegacyTemplateValues.Conversion?,
        defaulted: (settingsName: String, paths: [String])?
    ) -> LegacyAPIError {
        guard let conversion else { return error }
        var error = conversion.renamed(error)
        if let defaulted, let field = error.field,
            defaulted.paths.contains(where: { field == $0 || field.hasPrefix("\($0).") || field.hasPrefix("\($0)[") })
        {
            error.details += " The value comes from template \"\(defaulted.settingsName)\" of the gateway's templates file."
        }
        return error
    }

    /// The job's project: `template.project`, else `values.project`; both when given must agree.
    private static func project(of template: LegacyJobTemplate) throws(LegacyAPIError) -> String {
        var fromValues: String?
        if let value = template.values["project"] {
            fromValues = try JSONObjectReader.string(value, field: "template.values.project")
        }
        let given = (template.project ?? "").isEmpty ? nil : template.project
        fromValues = (fromValues ?? "").isEmpty ? nil : fromValues
        if let given, let fromValues, given != fromValues {
            throw .invalid(
                field: "template.values.project",
                rule: "must be template.project",
                details: "template.values.project is \"\(fromValues)\" but template.project is \"\(given)\"; give the project once."
            )
        }
        guard let project = given ?? fromValues else { throw .missing(field: "template.project") }
        return project
    }

    /// The administrator's template `name`, when it exists and `project` may use it.
    private static func definition(
        named name: String,
        for project: String,
        in templates: [JobTemplateDefinition]?
    ) throws(LegacyAPIError) -> JobTemplateDefinition {
        guard let definition = templates?.first(where: { $0.name == name }) else {
            // The answer names no other template: the caller may not be allowed in the project yet.
            let offer =
                templates == nil
                ? "The gateway has no templates file, so no template can be named; send the values without settingsName."
                : "Ask the administrator for the templates of project \(project), or send the values without settingsName."
            throw .notFound(
                "template.settingsName: template \"\(name)\" does not exist",
                details: "template.settingsName names template \"\(name)\", which the gateway's templates file does not define. \(offer)",
                field: "template.settingsName"
            )
        }
        guard definition.isAvailable(in: project) else {
            throw .notFound(
                "template.settingsName: template \"\(name)\" is not available in project \(project)",
                details: "Template \"\(name)\" of the gateway's templates file is limited to other projects than \(project).",
                field: "template.settingsName"
            )
        }
        return definition
    }

    /// The value paths that only `defaults` gives: whole fields, and items of the map-typed fields.
    private static func pathsOnlyIn(_ defaults: [String: JSONValue], notIn submitted: [String: JSONValue], path: String) -> [String] {
        var paths: [String] = []
        for (key, value) in defaults where !value.isNull {
            let field = JSONObjectReader.member(path, key)
            guard let given = submitted[key], !given.isNull else {
                paths.append(field)
                continue
            }
            if LegacyTemplateValues.fieldsMergedByKey.contains(key), case .object(let items) = value, case .object(let mine) = given {
                paths += items.keys.filter { mine[$0] == nil }.map { JSONObjectReader.member(field, $0) }
            }
        }
        return paths
    }
}
