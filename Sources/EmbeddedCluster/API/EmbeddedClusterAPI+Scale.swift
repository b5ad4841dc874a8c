import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird

extension EmbeddedClusterAPI {
    /// `GET`, `PUT` and `PATCH` of `…/{name}/scale`: the object's replicas as an `autoscaling/v1`
    /// `Scale`, read and written at the paths of the kind's ``ResourceKind/ScaleSubresource``.
    ///
    /// A write changes the object itself (a new generation); a `metadata.resourceVersion` in the
    /// `Scale` is a precondition, as for the object.
    func scale(_ request: Request, target: ObjectTarget, query: KubeQuery, authority: WriteAuthority) async throws -> Response {
        guard let paths = target.kind.subresources.scale else { throw KubeStatusError.routeNotFound() }
        let object = try await store.get(kind: target.kind, namespace: target.namespace, name: target.name)
        let current = Self.scaleObject(object, paths: paths)
        let desired: JSONValue
        switch request.method {
        case .get:
            return KubeResponse.json(current)
        case .put:
            try query.rejectDryRun()
            desired = try PatchDocument.parseJSON(try await readBody(request))
        case .patch:
            try query.rejectDryRun()
            let type = try PatchType(contentType: request.headers[.contentType], fieldManager: nil, force: nil, strategicMerge: true)
            let body = try await readBody(request)
            switch try PatchDocument(type: type, body: body) {
            case .merge(let patch): desired = JSONMergePatch.apply(patch, to: current)
            case .strategic(let patch): desired = try StrategicMergePatch(schema: StrategicMergeSchema(lists: [:])).apply(patch, to: current)
            case .json(let patch):
                do {
                    desired = try patch.apply(to: current)
                } catch {
                    throw KubeStatusError(code: 422, reason: "Invalid", message: error.message)
                }
            case .apply: throw KubeStatusError.unsupportedMediaType("application/apply-patch+yaml", accepted: PatchType.acceptedContentTypes)
            }
        default:
            throw KubeStatusError.methodNotAllowed()
        }
        guard let replicas = desired[path: ["spec", "replicas"]]?.integerValue, replicas >= 0 else {
            let value = desired[path: ["spec", "replicas"]] ?? .null
            throw KubeStatusError.invalid(
                kind: "Scale",
                group: "autoscaling",
                name: target.name,
                [KubeStatusError.invalidValue("spec.replicas", value, "must be greater than or equal to 0")]
            )
        }
        var change: JSONValue = [:]
        change[path: paths.specReplicasPath] = .integer(replicas)
        if let version = desired[path: ["metadata", "resourceVersion"]]?.stringValue, !version.isEmpty {
            change[path: ["metadata", "resourceVersion"]] = .string(version)
        }
        let result = try await store.patch(
            kind: target.kind,
            namespace: target.namespace,
            name: target.name,
            type: .merge,
            body: change.compactData,
            fieldManager: query.string("fieldManager"),
            authority: authority
        )
        var response = KubeResponse.json(Self.scaleObject(result.object, paths: paths))
        for warning in try await committed(request, target.kind, result.object, .updated) {
            response.headers.append(HTTPField(name: .kubeWarning, value: KubeWarning.header(warning)))
        }
        return response
    }

    /// The `autoscaling/v1` `Scale` of an object.
    static func scaleObject(_ object: JSONValue, paths: ResourceKind.ScaleSubresource) -> JSONValue {
        var metadata: JSONValue = [:]
        for key in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let value = object[path: ["metadata", key]] { metadata[key] = value }
        }
        var status: JSONValue = ["replicas": object[path: paths.statusReplicasPath] ?? 0]
        if let selectorPath = paths.labelSelectorPath, let selector = object[path: selectorPath] {
            status["selector"] = .string(LabelSelector.text(of: selector))
        }
        return [
            "kind": "Scale",
            "apiVersion": "autoscaling/v1",
            "metadata": metadata,
            "spec": ["replicas": object[path: paths.specReplicasPath] ?? 0],
            "status": status,
        ]
    }
}
