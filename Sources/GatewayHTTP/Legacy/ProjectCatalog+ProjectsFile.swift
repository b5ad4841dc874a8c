import GatewayCore
import GatewayPersistence
import Logging

extension ProjectCatalog {
    /// The catalog of `configuration`: the projects of its projects file, stored in `repository`
    /// (keeping the creation date of those stored before); without a file, projects created on
    /// their first submit.
    /// - Throws: ``GatewayConfigurationError`` for a projects file that cannot be read or is invalid.
    static func load(
        configuration: LegacyAPIConfiguration,
        repository: any ProjectRepository,
        logger: Logger
    ) async throws -> ProjectCatalog {
        var configured: Set<String>?
        if let file = configuration.projectsFile {
            let list = try ProjectsFile.load(path: file, defaultNamespace: configuration.translation.namespace(for:))
            try await keepCreationDates(of: list, in: repository)
            configured = Set(list.map(\.name))
            logger.info("projects configured", metadata: ["gateway.projects": .array(list.map { .string($0.name) })])
        }
        return ProjectCatalog(repository: repository, configured: configured, options: configuration.translation)
    }

    /// Upserts configured projects, keeping the creation date of those already stored.
    private static func keepCreationDates(of list: [Project], in repository: any ProjectRepository) async throws {
        var upserts: [Project] = []
        for var project in list {
            if let stored = try await repository.find(name: project.name) {
                project.createdAt = stored.createdAt
            }
            upserts.append(project)
        }
        try await repository.upsert(upserts)
    }
}
