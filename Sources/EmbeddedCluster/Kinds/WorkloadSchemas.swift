import Foundation
import GatewayCore

/// The OpenAPI v3 schemas of the built-in kinds the gateway serves, abridged: the top level and
/// `spec`'s first level are described, deeper levels are open.
enum WorkloadSchemas {
    /// An object schema with `apiVersion`, `kind`, `metadata`, the given `spec` and an open `status`.
    static func object(spec: JSONValue) -> JSONValue {
        [
            "type": "object",
            "properties": [
                "apiVersion": ["type": "string"],
                "kind": ["type": "string"],
                "metadata": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
                "spec": spec,
                "status": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
            ],
        ]
    }

    /// An open object schema.
    static let open: JSONValue = ["type": "object", "x-kubernetes-preserve-unknown-fields": true]

    /// `DeploymentSpec`.
    static let deploymentSpec: JSONValue = [
        "type": "object",
        "required": ["selector", "template"],
        "properties": [
            "replicas": ["type": "integer", "format": "int32"],
            "selector": open,
            "template": open,
            "strategy": open,
            "minReadySeconds": ["type": "integer", "format": "int32"],
            "revisionHistoryLimit": ["type": "integer", "format": "int32"],
            "paused": ["type": "boolean"],
            "progressDeadlineSeconds": ["type": "integer", "format": "int32"],
        ],
    ]

    /// `ServiceSpec`.
    static let serviceSpec: JSONValue = [
        "type": "object",
        "properties": [
            "type": ["type": "string", "enum": ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]],
            "ports": ["type": "array", "items": open],
            "selector": ["type": "object", "additionalProperties": ["type": "string"]],
            "clusterIP": ["type": "string"],
            "clusterIPs": ["type": "array", "items": ["type": "string"]],
            "externalIPs": ["type": "array", "items": ["type": "string"]],
            "externalName": ["type": "string"],
            "sessionAffinity": ["type": "string"],
            "loadBalancerIP": ["type": "string"],
            "externalTrafficPolicy": ["type": "string"],
            "internalTrafficPolicy": ["type": "string"],
            "ipFamilies": ["type": "array", "items": ["type": "string"]],
            "ipFamilyPolicy": ["type": "string"],
            "allocateLoadBalancerNodePorts": ["type": "boolean"],
            "loadBalancerSourceRanges": ["type": "array", "items": ["type": "string"]],
            "loadBalancerClass": ["type": "string"],
            "publishNotReadyAddresses": ["type": "boolean"],
            "sessionAffinityConfig": open,
            "healthCheckNodePort": ["type": "integer", "format": "int32"],
            "trafficDistribution": ["type": "string"],
        ],
    ]

    /// The members of `spec` a kind's schema names, or `nil` when its `spec` is open.
    static func specFields(of kind: ResourceKind, version: String) -> Set<String>? {
        knownMembers(of: kind.schema(version)[path: ["properties", "spec"]] ?? open)
    }

    /// The members a schema's `properties` name, or `nil` when it is open.
    static func knownMembers(of schema: JSONValue) -> Set<String>? {
        guard schema["x-kubernetes-preserve-unknown-fields"] != .bool(true), let properties = schema["properties"]?.objectValue else {
            return nil
        }
        return Set(properties.keys)
    }
}
