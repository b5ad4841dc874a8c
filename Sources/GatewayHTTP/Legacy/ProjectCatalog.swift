import Foundation
import GatewayCore
import GatewayPersistence

/// The legacy projects: configured ones, or (with no configuration) those created on first submit.
///
/// With projects configured, only they exist: any other name is a 404. Without, any valid name
/// becomes a project (`origin: automatic`) on its first submit, so the legacy docs' `team-a`
/// works as it is.
struct ProjectCatalog: Sendable {
    let repository: any ProjectRepository
    /// The configured projects' names as they are now (a projects file is re-read when it
    /// changes); `nil` when projects are created on first submit.
    private let configuredNames: @Sendable () async -> Set<String>?
    let options: TranslationOptions
    /// Whether projects come from configuration.
    let isConfigured: Bool

    /// A catalog of the fixed `configured` names (`nil`: projects are created on first submit).
    init(repository: any ProjectRepository, configured: Set<String>?, options: TranslationOptions) {
        self.init(repository: repository, options: options, isConfigured: configured != nil) { configured }
    }

    /// A catalog whose configured names are read from `configuredNames` at each use.
    init(
        repository: any ProjectRepository,
        options: TranslationOptions,
        isConfigured: Bool,
        configuredNames: @escaping @Sendable () async -> Set<String>?
    ) {
        self.repository = repository
        self.options = options
        self.isConfigured = isConfigured
        self.configuredNames = configuredNames
    }

    /// The configured projects' names now; `nil` when projects are created on first submit.
    func configured() async -> Set<String>? { await configuredNames() }

    /// A project to submit to: the stored one, or a new automatic one when projects are not
    /// configured (`isNew` is then `true` and the caller stores it with the workload).
    /// - Throws: ``LegacyAPIError`` 404 for a project that is not configured.
    func projectForSubmit(_ name: String, now: Date) async throws -> (project: Project, isNew: Bool) {
        if let stored = try await known(name) {
            return (stored, false)
        }
        if isConfigured {
            throw Self.notFound(name, field: "job.project")
        }
        let project = Project(name: name, namespace: options.namespace(for: name), origin: .automatic, createdAt: now)
        return (project, true)
    }

    /// The project `name` when it exists for the legacy API (configured, or any stored one when
    /// projects are not configured).
    func known(_ name: String) async throws -> Project? {
        if let configured = await configured(), !configured.contains(name) { return nil }
        return try await repository.find(name: name)
    }

    /// Checks a project named in a list or get call: 404 when projects are configured and it is not
    /// one of them. Without configuration an unknown project simply has no jobs.
    /// - Returns: the stored project, if any.
    func requireKnownForRead(_ name: String, field: String) async throws -> Project? {
        let project = try await known(name)
        if project == nil, isConfigured {
            throw Self.notFound(name, field: field)
        }
        return project
    }

    /// The projects a caller may see, by name.
    func visible(to principal: Principal) async throws -> [Project] {
        let configured = await configured()
        return try await repository.list().filter { project in
            (configured?.contains(project.name) ?? true) && principal.allows(project: project.name)
        }
    }

    /// The namespace of `project`'s workloads: the stored project's, else the namespace pattern's.
    /// `nil` when projects are configured and it is not one of them.
    func namespace(of project: String) async -> String? {
        if let stored = try? await known(project) { return stored.namespace }
        return isConfigured ? nil : options.namespace(for: project)
    }

    static func notFound(_ name: String, field: String) -> LegacyAPIError {
        .notFound(
            "\(field): project \(name) does not exist",
            details: "Project \(name) is not among the projects this gateway is configured with; GET /api/v1/projects lists them.",
            field: field
        )
    }
}
