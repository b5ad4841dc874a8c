import Foundation
import GatewayCore

/// The minimal OpenAPI v3 documents that let `kubectl apply` validate on the server.
///
/// `kubectl` reads `/openapi/v3`, fetches the group-version document it names, and looks for
/// a `PATCH` operation tagged with the `InferenceWorkload` group-version-kind that takes a
/// `fieldValidation` query parameter. Finding it, `kubectl` sends `fieldValidation=Strict` and
/// leaves schema checks to the server instead of probing for CRDs or OpenAPI v2.
enum KubeOpenAPI {
    /// `GET /openapi/v3`: one entry per served version, each with its content hash.
    static var index: JSONValue {
        var paths: [String: JSONValue] = [:]
        for version in InferenceWorkloadResource.servedVersions {
            let groupVersion = InferenceWorkloadResource.apiVersion(version)
            paths["apis/\(groupVersion)"] = ["serverRelativeURL": .string("/openapi/v3/apis/\(groupVersion)?hash=\(hash(version: version))")]
        }
        return ["paths": .object(paths)]
    }

    /// The content hash of a version's document, upper-case hex as the API server writes it.
    static func hash(version: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in document(version: version).compactData {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        return String(format: "%016llX", value)
    }

    /// `GET /openapi/v3/apis/run.ai/{version}`.
    static func document(version: String) -> JSONValue {
        let gvk: JSONValue = [
            "group": .string(InferenceWorkloadResource.group), "version": .string(version), "kind": .string(InferenceWorkloadResource.kind),
        ]
        let object: JSONValue = ["$ref": .string("#/components/schemas/ai.run.\(version).InferenceWorkload")]
        func operation(_ id: String, _ action: String, _ query: [String]) -> JSONValue {
            [
                "operationId": .string("\(id)\(version.capitalized)NamespacedInferenceWorkload"),
                "x-kubernetes-action": .string(action),
                "x-kubernetes-group-version-kind": gvk,
                "parameters": .array(query.map { ["name": .string($0), "in": "query", "schema": ["type": "string"]] }),
                "responses": ["200": ["description": "OK", "content": ["application/json": ["schema": object]]]],
            ]
        }
        let writeQuery = ["dryRun", "fieldManager", "fieldValidation"]
        let base = "/apis/\(InferenceWorkloadResource.apiVersion(version))/namespaces/{namespace}/\(InferenceWorkloadResource.plural)"
        let pathParameters: JSONValue = [
            ["name": "namespace", "in": "path", "required": true, "schema": ["type": "string"]],
            ["name": "name", "in": "path", "required": true, "schema": ["type": "string"]],
        ]
        return [
            "openapi": "3.0.0",
            "info": ["title": "Kubernetes", "version": "v1.32.0"],
            "paths": [
                base: [
                    "get": operation("list", "list", ["labelSelector", "fieldSelector", "limit", "continue", "watch"]),
                    "post": operation("create", "post", writeQuery),
                ],
                "\(base)/{name}": [
                    "parameters": pathParameters,
                    "get": operation("read", "get", []),
                    "put": operation("replace", "put", writeQuery),
                    "patch": operation("patch", "patch", writeQuery + ["force"]),
                    "delete": operation("delete", "delete", ["dryRun"]),
                ],
                "\(base)/{name}/status": [
                    "parameters": pathParameters,
                    "get": operation("read", "get", []),
                    "put": operation("replace", "put", writeQuery),
                    "patch": operation("patch", "patch", writeQuery + ["force"]),
                ],
            ],
            "components": [
                "schemas": [
                    "ai.run.\(version).InferenceWorkload": [
                        "type": "object",
                        "x-kubernetes-group-version-kind": [gvk],
                        "x-kubernetes-preserve-unknown-fields": true,
                    ]
                ]
            ],
        ]
    }
}
