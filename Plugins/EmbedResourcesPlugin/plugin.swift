import Foundation
import PackagePlugin

/// Embeds the top-level `migrations/` (SQLite), `migrations/postgres/` and `openapi/` folders into the targets that serve them,
/// so the binary works from any working directory and needs no resource bundle beside it.
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    /// Which top-level folder each target embeds, and the name of the generated type.
    static let embeddings: [String: (folder: String, typeName: String, suffix: String)] = [
        "GatewayPersistence": ("migrations", "EmbeddedMigrations", ".sql"),
        "GatewayPostgres": ("migrations/postgres", "EmbeddedPostgresMigrations", ".sql"),
        "GatewayHTTP": ("openapi", "EmbeddedOpenAPI", ".yaml"),
    ]

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let embedding = Self.embeddings[target.name] else { return [] }
        let folder = context.package.directoryURL.appending(path: embedding.folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path(percentEncoded: false))
            .filter { $0.hasSuffix(embedding.suffix) }
            .sorted()
        let inputs = names.map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "\(embedding.typeName).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(embedding.folder)/ into \(target.name)",
                executable: try context.tool(named: "EmbedResourcesTool").url,
                arguments: [embedding.typeName, output.path(percentEncoded: false)]
                    + inputs.map { $0.path(percentEncoded: false) },
                inputFiles: inputs + [folder],
                outputFiles: [output]
            )
        ]
    }
}
