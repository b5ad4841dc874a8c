import GatewayCore
import GatewayPersistence
import Logging
import Synchronization

extension ProjectCatalog {
    /// The catalog of `configuration`: the projects of its projects file, stored in `repository`
    /// (keeping the creation date of those stored before) and stored again whenever the file
    /// changes or on SIGHUP; without a file, projects created on their first submit.
    /// - Throws: ``GatewayConfigurationError`` for a projects file that cannot be read or is invalid.
    static func load(
        configuration: LegacyAPIConfiguration,
        repository: any ProjectRepository,
        logger: Logger
    ) async throws -> ProjectCatalog {
        guard let path = configuration.projectsFile else {
            return ProjectCatalog(repository: repository, configured: nil, options: configuration.translation)
        }
        let stores = ProjectStores()
        let translation = configuration.translation
        let file = try ReloadingFile(
            path: path,
            load: { try ProjectsFile.load(path: $0, defaultNamespace: translation.namespace(for:)) },
            reloaded: { list in
                stores.start {
                    do {
                        try await keepCreationDates(of: list, in: repository)
                        logger.info("reloaded the projects file", metadata: ["gateway.projects": .array(list.map { .string($0.name) })])
                    } catch {
                        logger.error("cannot store the projects of the changed projects file", metadata: ["gateway.error": "\(error)"])
                    }
                }
            },
            failed: { error in
                logger.error(
                    "the projects file changed and is not valid; the previous projects stay in force",
                    metadata: ["gateway.projects_file": "\(path)", "gateway.error": "\(error)"]
                )
            }
        )
        let list = file.current
        try await keepCreationDates(of: list, in: repository)
        logger.info("projects configured", metadata: ["gateway.projects": .array(list.map { .string($0.name) })])
        return ProjectCatalog(repository: repository, options: translation, isConfigured: true) {
            let names = Set(file.current.map(\.name))
            await stores.finished()
            return names
        }
    }

    /// Upserts configured projects, keeping the creation date of those already stored.
    fileprivate static func keepCreationDates(of list: [Project], in repository: any ProjectRepository) async throws {
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

/// The stores of a changed projects file's projects, so that a caller sees a new project only
/// once it is stored.
private final class ProjectStores: Sendable {
    private let last = Mutex<Task<Void, Never>?>(nil)

    /// Starts `store` after the previous one.
    func start(_ store: @escaping @Sendable () async -> Void) {
        last.withLock { last in
            let previous = last
            last = Task {
                await previous?.value
                await store()
            }
        }
    }

    /// Returns once every store started so far finished.
    func finished() async {
        await last.withLock { $0 }?.value
    }
}
