import Foundation
import GatewayCore

/// Projects known to the gateway.
public protocol ProjectRepository: Sendable {
    /// All projects, by name.
    func list() async throws -> [Project]

    /// The project with this name.
    func find(name: String) async throws -> Project?

    /// Stores projects from configuration, replacing configured ones of the same name.
    func upsert(_ projects: [Project]) async throws
}
