import Hummingbird

extension RouterMethods where Context == GatewayRequestContext {
    /// Adds `handler` at every row of ``LegacyRoutes/table`` that is `endpoint`, with its method.
    ///
    /// ```swift
    /// RouteCollection(context: GatewayRequestContext.self)
    ///     .on(.version) { _, context, _ in try JSONResponse.make(LegacyDataResponse(data: VersionInfo.emulated)) }
    /// ```
    /// - Parameter handler: gets the request, its context and the row it came by (whose
    ///   ``LegacyRoute/parameters`` name the path's parameters).
    @discardableResult
    func on(
        _ endpoint: LegacyEndpoint,
        use handler: @escaping @Sendable (Request, Context, LegacyRoute) async throws -> Response
    ) -> Self {
        for (row, route) in LegacyRoutes.table.enumerated() where route.endpoint == endpoint {
            on(route.routerPath, method: route.method) { request, context in
                // For the metrics: the route template, found without looking at the path again.
                context.legacyCall.note(route: row)
                return try await handler(request, context, route)
            }
        }
        return self
    }

    /// Mounts each of `collections` at every ``LegacyRoutes/mountPoints`` entry: the root and `researcher`.
    @discardableResult
    func addLegacyRoutes(_ collections: [RouteCollection<Context>]) -> Self {
        for collection in collections {
            for mountPoint in LegacyRoutes.mountPoints {
                addRoutes(collection, atPath: RouterPath(mountPoint))
            }
        }
        return self
    }
}
