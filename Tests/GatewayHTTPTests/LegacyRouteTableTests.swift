import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Yams

@testable import GatewayHTTP

/// The legacy route table is the one declaration of the legacy paths: every row is served at the
/// root and under `/researcher` by the endpoint it names, the OpenAPI document describes exactly
/// its rows, and the legacy and allowed-method checks follow it.
@Suite struct LegacyRouteTableTests {
    /// The values a row's path parameters get, in order: the project, then the job.
    static let parameterValues = ["team-a", "a1"]

    /// `route`'s path under `mountPoint`, its parameters filled with ``parameterValues``.
    static func uri(of route: LegacyRoute, at mountPoint: String) -> String {
        var values = parameterValues.makeIterator()
        let segments = route.segments.map { segment in
            switch segment {
            case .literal(let bytes): String(decoding: bytes, as: UTF8.self)
            case .parameter: values.next() ?? "-"
            }
        }
        return "/" + ([mountPoint].filter { !$0.isEmpty } + segments).joined(separator: "/")
    }

    @Test(arguments: LegacyRoutes.table, LegacyRoutes.mountPoints)
    func everyRowIsServedByItsEndpoint(route: LegacyRoute, mountPoint: String) async throws {
        try await withGateway { client, _ in
            let setup = try await client.send(.post, "/api/v1/jobs", json: submitBody(name: "a1", project: "team-a"))
            #expect(setup.status == .ok, "\(setup.text)")
            let uri = Self.uri(of: route, at: mountPoint)
            let body: String? =
                switch route.endpoint {
                case .submit: submitBody(name: "b1", project: "team-a")
                case .delete: #"[{"name":"a1","project":"team-a"}]"#
                case .listJobs, .listProjectJobs, .getJob, .listProjects, .version: nil
                }
            let response = try await client.send(route.method, uri, json: body)
            #expect(response.status == .ok, "\(route.method) \(uri): \(response.text)")
            #expect(
                response.headers[LegacyHeader.warning]?.hasPrefix(#"299 - "\#(route.method.rawValue) \#(uri) is deprecated"#) == true,
                "\(route.method) \(uri) passes the legacy middleware"
            )
            switch route.endpoint {
            case .submit:
                #expect(try response.object["name"] as? String == "b1")
            case .delete:
                #expect(try response.dataList.map { $0["ok"] as? Bool } == [true])
            case .listJobs, .listProjectJobs:
                #expect(try response.dataList.map { $0["name"] as? String } == ["a1"])
            case .getJob:
                #expect(try response.dataList.map { $0["name"] as? String } == ["a1"])
                #expect(try response.dataList.map { $0["project"] as? String } == ["team-a"])
            case .listProjects:
                #expect(try response.dataList.map { $0["name"] as? String } == ["team-a"])
            case .version:
                #expect(try response.object["data"] is [String: Any])
            }
        }
    }

    @Test func theOpenAPIDocumentDescribesExactlyTheTable() throws {
        let text = try #require(OpenAPIController.document)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        var documented: Set<String> = []
        for (path, item) in paths {
            let operations = try #require(item as? [String: Any], "\(path)")
            for method in operations.keys where ["get", "put", "post", "delete", "options", "head", "patch", "trace"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let table = LegacyRoutes.table.map(\.description)
        #expect(Set(table).count == table.count, "no row twice")
        #expect(documented.subtracting(table).isEmpty, "documented but not in the table")
        #expect(Set(table).subtracting(documented).isEmpty, "in the table but not documented")
        let servers = try #require(document["servers"] as? [[String: Any]]).compactMap { $0["url"] as? String }
        #expect(servers == LegacyRoutes.mountPoints.map { "/" + $0 })
    }

    @Test(arguments: LegacyRoutes.table, LegacyRoutes.mountPoints)
    func theLegacyChecksFollowTheTable(route: LegacyRoute, mountPoint: String) {
        let uri = Self.uri(of: route, at: mountPoint)
        #expect(LegacyRoutes.isLegacy(uri))
        #expect(LegacyRoutes.isLegacy(uri + "/logs?tail=10"))
        #expect(ServedAPI(path: uri) == .legacy)
        let methods = LegacyRoutes.table.filter { $0.path == route.path }.map(\.method)
        #expect(LegacyRoutes.allowedMethods(uri) == methods)
        #expect(LegacyRoutes.allowedMethods(uri + "?project=team-a") == methods)
        #expect(LegacyRoutes.allowedMethods(uri + "/x/y/z").isEmpty, "no row is that long")
    }

    @Test func kubernetesPathsAreToldApartFromLegacyOnes() {
        for path in ["/version", "/api", "/api/v1/namespaces/runai-a", "/apis/run.ai/v2alpha1", "/openapi/v3?timeout=32s"] {
            #expect(ServedAPI(path: path) == .kubernetes, "\(path)")
        }
        for path in ["/healthz", "/readyz", "/openapi.yaml", "/", "/apisx", "/versions"] {
            #expect(ServedAPI(path: path) == .neither, "\(path)")
        }
    }

    @Test func anUnknownLegacyPathNamesTheTablesCollections() async throws {
        try await withGateway { client, _ in
            let response = try await client.send(.get, "/researcher/api/docs")
            #expect(response.status == .notFound)
            #expect(
                try response.object["details"] as? String
                    == "The legacy API serves /api/v1/jobs, /api/v1/job, /api/job, /api/v1/projects and /api/v1/version, "
                    + "also under /researcher. See /openapi.yaml."
            )
        }
    }
}
