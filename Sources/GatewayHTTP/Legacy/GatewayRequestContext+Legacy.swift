import GatewayCore

extension GatewayRequestContext {
    /// The caller of a legacy route, as the auth middleware established it.
    /// - Throws: ``LegacyAccessControl/Denial/unauthenticated(reason:)`` when no caller was
    ///   established (a route mounted without the legacy middleware).
    func requirePrincipal() throws -> Principal {
        guard let principal else {
            throw LegacyAccessControl.Denial.unauthenticated(reason: "the caller could not be established")
        }
        return principal
    }

    /// Throws 403 unless the caller may touch `project`.
    func requireAccess(to project: String) throws -> Principal {
        let principal = try requirePrincipal()
        guard principal.allows(project: project) else {
            throw LegacyAccessControl.Denial.forbidden(user: principal.user, project: project)
        }
        return principal
    }
}
