import Foundation
import GatewayCore

/// The OpenAPI v3 documents that let `kubectl apply` validate on the server, one per served
/// group-version, built from the kinds' registrations.
///
/// `kubectl` reads `/openapi/v3`, fetches the group-version document it names, and looks for
/// a `PATCH` operation tagged with the kind's group-version-kind that takes a `fieldValidation`
/// query parameter. Finding it, `kubectl` sends `fieldValidation=Strict` and leaves schema checks
/// to the server instead of probing for CRDs or OpenAPI v2. The `PATCH` operations name no
/// request body types, so client-side `kubectl apply` computes strategic merge patches of
/// built-in kinds from its own compiled-in types.
struct KubeOpenAPI {
    /// The kinds served.
    let kinds: ResourceRegistry

    /// `GET /openapi/v3`: one entry per served group-version, each with its content hash.
    var index: JSONValue {
        var paths: [String: JSONValue] = [:]
        for (group, version) in kinds.groupVersions {
            let key = group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
            paths[key] = ["serverRelativeURL": .string("/openapi/v3/\(key)?hash=\(hash(group: group, version: version))")]
        }
        return ["paths": .object(paths)]
    }

    /// The content hash of a group-version's document, upper-case hex as the API server writes it.
    func hash(group: String, version: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in document(group: group, version: version).compactData {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        return String(format: "%016llX", value)
    }

    /// The name of a kind's schema in `components.schemas`: `ai.run.v2alpha1.InferenceWorkload`,
    /// `io.k8s.api.apps.v1.Deployment`, `io.k8s.api.core.v1.Service`.
    static func schemaName(_ kind: ResourceKind, version: String) -> String {
        let prefix: String
        if kind.group.contains(".") {
            prefix = kind.group.split(separator: ".").reversed().joined(separator: ".")
        } else {
            prefix = "io.k8s.api.\(kind.group.isEmpty ? "core" : kind.group)"
        }
        return "\(prefix).\(version).\(kind.kind)"
    }

    /// `GET /openapi/v3/apis/{group}/{version}` (`/openapi/v3/api/{version}`).
    func document(group: String, version: String) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        var schemas: [String: JSONValue] = [:]
        for kind in kinds.kinds(group: group, version: version) {
            let name = Self.schemaName(kind, version: version)
            var schema = kind.schema(version)
            schema["x-kubernetes-group-version-kind"] = [["group": .string(group), "version": .string(version), "kind": .string(kind.kind)]]
            schemas[name] = schema
            paths.merge(Self.paths(kind, version: version, schemaName: name)) { $1 }
        }
        return [
            "openapi": "3.0.0",
            "info": ["title": "Kubernetes", "version": "v1.32.0"],
            "paths": .object(paths),
            "components": ["schemas": .object(schemas)],
        ]
    }

    /// The operations of one kind.
    private static func paths(_ kind: ResourceKind, version: String, schemaName: String) -> [String: JSONValue] {
        let gvk: JSONValue = ["group": .string(kind.group), "version": .string(version), "kind": .string(kind.kind)]
        let object: JSONValue = ["$ref": .string("#/components/schemas/\(schemaName)")]
        let versionName =
            (kind.group.isEmpty ? "core" : kind.group.split(separator: ".").first.map(String.init) ?? "").capitalized
            + version.capitalized
        func operation(_ id: String, _ action: String, _ query: [String]) -> JSONValue {
            [
                "operationId": .string("\(id)\(versionName)Namespaced\(kind.kind)"),
                "x-kubernetes-action": .string(action),
                "x-kubernetes-group-version-kind": gvk,
                "parameters": .array(query.map { ["name": .string($0), "in": "query", "schema": ["type": "string"]] }),
                "responses": ["200": ["description": "OK", "content": ["application/json": ["schema": object]]]],
            ]
        }
        let writeQuery = ["dryRun", "fieldManager", "fieldValidation"]
        let base = kind.collectionPath(version: version, namespace: "{namespace}")
        let pathParameters: JSONValue = [
            ["name": "namespace", "in": "path", "required": true, "schema": ["type": "string"]],
            ["name": "name", "in": "path", "required": true, "schema": ["type": "string"]],
        ]
        let list = operation("list", "list", ["labelSelector", "fieldSelector", "limit", "continue", "watch"])
        guard kind.writable else {
            return [base: ["get": list], "\(base)/{name}": ["parameters": pathParameters, "get": operation("read", "get", [])]]
        }
        var paths: [String: JSONValue] = [
            base: ["get": list, "post": operation("create", "post", writeQuery)],
            "\(base)/{name}": [
                "parameters": pathParameters,
                "get": operation("read", "get", []),
                "put": operation("replace", "put", writeQuery),
                "patch": operation("patch", "patch", writeQuery + ["force"]),
                "delete": operation("delete", "delete", ["dryRun"]),
            ],
        ]
        for subresource in ["status", "scale"] {
            guard subresource == "status" ? kind.subresources.status : kind.subresources.scale != nil else { continue }
            paths["\(base)/{name}/\(subresource)"] = [
                "parameters": pathParameters,
                "get": operation("read", "get", []),
                "put": operation("replace", "put", writeQuery),
                "patch": operation("patch", "patch", writeQuery + ["force"]),
            ]
        }
        return paths
    }
}
