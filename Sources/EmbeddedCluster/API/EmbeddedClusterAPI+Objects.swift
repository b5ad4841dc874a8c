import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird

/// One object (or its `status` or `scale`) addressed by a request path.
struct ObjectTarget: Sendable, Equatable {
    /// The kind.
    var kind: ResourceKind
    /// The API version of the URL; answers carry it as `apiVersion`.
    var version: String
    /// The namespace of the URL.
    var namespace: String
    /// The object name of the URL.
    var name: String
    /// The object itself, its `status` or its `scale`.
    var subresource: Subresource
}

extension EmbeddedClusterAPI {
    /// `POST …/namespaces/{ns}/{plural}`: 201 with the stored object.
    func create(
        _ request: Request,
        context: some RequestContext,
        target: CollectionTarget,
        namespace: String,
        query: KubeQuery,
        authority: WriteAuthority
    ) async throws -> Response {
        try query.rejectDryRun()
        let version = target.version
        let (body, warnings) = try await objectBody(request, kind: target.kind, version: version, query: query)
        let created = try await store.create(
            kind: target.kind,
            namespace: namespace,
            object: body,
            fieldManager: query.string("fieldManager"),
            authority: authority
        )
        let translated = try await committed(request, target.kind, created, .created)
        return Self.object(created, kind: target.kind, version: version, status: .created, warnings: warnings + translated)
    }

    /// GET, PUT, PATCH and DELETE of one object or its `status`.
    func object(
        _ request: Request,
        context: some RequestContext,
        target: ObjectTarget,
        query: KubeQuery,
        accept: String?,
        authority: WriteAuthority
    ) async throws -> Response {
        switch request.method {
        case .get:
            let object = try await store.get(kind: target.kind, namespace: target.namespace, name: target.name)
            if let table = KubeTable.negotiate(accept: accept) {
                var converted = object
                converted["apiVersion"] = .string(target.kind.apiVersion(target.version))
                let rendered = KubeTable.table(
                    [converted],
                    kind: target.kind,
                    now: store.configuration.now(),
                    includeObject: query.string("includeObject")
                )
                return KubeResponse.json(rendered, contentType: table)
            }
            return Self.object(object, kind: target.kind, version: target.version)
        case .put:
            try query.rejectDryRun()
            let (body, warnings) = try await objectBody(request, kind: target.kind, version: target.version, query: query)
            let replaced = try await store.replace(
                kind: target.kind,
                namespace: target.namespace,
                name: target.name,
                object: body,
                subresource: target.subresource,
                fieldManager: query.string("fieldManager"),
                authority: authority
            )
            let translated = target.subresource == .main ? try await committed(request, target.kind, replaced, .updated) : []
            return Self.object(replaced, kind: target.kind, version: target.version, warnings: warnings + translated)
        case .patch:
            return try await patch(request, target: target, query: query, authority: authority)
        case .delete:
            return try await delete(request, target: target, query: query)
        default:
            throw KubeStatusError.methodNotAllowed()
        }
    }

    /// `PATCH`: merge, JSON patch, strategic merge patch (kinds that have one) or server-side apply, chosen by `Content-Type`.
    private func patch(_ request: Request, target: ObjectTarget, query: KubeQuery, authority: WriteAuthority) async throws -> Response {
        try query.rejectDryRun()
        let type = try PatchType(
            contentType: request.headers[.contentType],
            fieldManager: query.string("fieldManager"),
            force: try query.bool("force"),
            strategicMerge: target.kind.servesStrategicMerge
        )
        var body = try await readBody(request)
        var warnings: [String] = []
        if type != .json, let document = try? JSONValue(parsing: body), document.isObject {
            try Self.checkVersion(of: document, kind: target.kind, version: target.version)
            let specFields = WorkloadSchemas.specFields(of: target.kind, version: target.version)
            let (pruned, found) = try KubeFieldPruning.validate(document, try query.fieldValidation(), specFields: specFields)
            if !found.isEmpty {
                body = pruned.compactData
                warnings = found
            }
        }
        let result = try await store.patch(
            kind: target.kind,
            namespace: target.namespace,
            name: target.name,
            type: type,
            body: body,
            subresource: target.subresource,
            fieldManager: query.string("fieldManager"),
            authority: authority
        )
        let translated =
            target.subresource == .main ? try await committed(request, target.kind, result.object, result.created ? .created : .updated) : []
        return Self.object(
            result.object,
            kind: target.kind,
            version: target.version,
            status: result.created ? .created : .ok,
            warnings: warnings + translated
        )
    }

    /// `DELETE`: 200 with a `Success` status when the object is gone, or with the object while finalizers hold it.
    private func delete(_ request: Request, target: ObjectTarget, query: KubeQuery) async throws -> Response {
        try query.rejectDryRun()
        let options = try KubeDeleteOptions(body: try await readBody(request))
        let result = try await store.delete(
            kind: target.kind,
            namespace: target.namespace,
            name: target.name,
            preconditions: options.preconditions
        )
        switch result {
        case .deleted(let last):
            let uid = last[path: ["metadata", "uid"]]?.stringValue
            let translated = try await committed(request, target.kind, last, .deleted)
            var response = KubeResponse.json(KubeStatusError.deleteSuccess(name: target.name, uid: uid, kind: target.kind))
            for warning in translated {
                response.headers.append(HTTPField(name: .kubeWarning, value: KubeWarning.header(warning)))
            }
            return response
        case .terminating(let object):
            return Self.object(object, kind: target.kind, version: target.version)
        }
    }

    /// The body of a POST or PUT: a JSON object of this version, its unknown fields handled per `fieldValidation`,
    /// with `apiVersion` set to the storage version. Returns the object and the warnings to send.
    /// - Throws: 415 for a non-JSON body type, 400 for malformed JSON, a non-object, another version or (Strict) unknown fields.
    func objectBody(_ request: Request, kind: ResourceKind, version: String, query: KubeQuery) async throws -> (JSONValue, [String]) {
        if let contentType = request.headers[.contentType], let media = KubeMediaType(contentType),
            media.essence != "application/json", media.essence != "*/*"
        {
            throw KubeStatusError.unsupportedMediaType(media.essence, accepted: ["application/json"])
        }
        let data = try await readBody(request)
        let document: JSONValue
        do {
            document = try JSONValue(parsing: data)
        } catch {
            throw KubeStatusError.badRequest("the request body is not valid JSON: \(error.description)")
        }
        guard document.isObject else {
            throw KubeStatusError.badRequest("the request body must be a JSON object, not \(document.typeName)")
        }
        try Self.checkVersion(of: document, kind: kind, version: version)
        let specFields = WorkloadSchemas.specFields(of: kind, version: version)
        var (object, warnings) = try KubeFieldPruning.validate(document, try query.fieldValidation(), specFields: specFields)
        if object["apiVersion"] != nil {
            object["apiVersion"] = .string(kind.apiVersion())
        }
        return (object, warnings)
    }

    /// Runs the kind's translation hook on a committed write of the object itself; returns its warnings.
    func committed(
        _ request: Request,
        _ kind: ResourceKind,
        _ object: JSONValue,
        _ change: ResourceKind.CommittedWrite.Change
    ) async throws -> [String] {
        guard let translation = kind.translation else { return [] }
        let write = ResourceKind.CommittedWrite(
            kind: kind,
            namespace: object[path: ["metadata", "namespace"]]?.stringValue ?? "",
            name: object[path: ["metadata", "name"]]?.stringValue ?? "",
            object: object,
            change: change,
            bearerToken: request.headers[.authorization].flatMap(Self.bearerToken),
            method: request.method.rawValue,
            path: request.uri.path,
            userAgent: request.headers[.userAgent]
        )
        return try await translation.committed(write)
    }

    /// The whole request body, up to the configured limit.
    /// - Throws: 413 (as a `Status`, via ``respond(to:context:)``) when it is larger.
    func readBody(_ request: Request) async throws -> Data {
        let buffer = try await request.body.collect(upTo: configuration.maximumBodySize)
        return Data(buffer.readableBytesView)
    }

    /// 400 BadRequest when the body names another API version than the URL.
    static func checkVersion(of document: JSONValue, kind: ResourceKind, version: String) throws(KubeStatusError) {
        guard let apiVersion = document["apiVersion"] else { return }
        let expected = kind.apiVersion(version)
        guard apiVersion.stringValue == expected else {
            throw .badRequest(
                "the API version in the data (\(apiVersion.stringValue ?? apiVersion.compactString)) does not match "
                    + "the expected API version (\(expected))"
            )
        }
    }

    /// An object answer, with `apiVersion` of the request's version and one `Warning` header per warning.
    static func object(
        _ object: JSONValue,
        kind: ResourceKind,
        version: String,
        status: HTTPResponse.Status = .ok,
        warnings: [String] = []
    ) -> Response {
        var converted = object
        converted["apiVersion"] = .string(kind.apiVersion(version))
        var response = KubeResponse.json(converted, status: status)
        for warning in warnings {
            response.headers.append(HTTPField(name: .kubeWarning, value: KubeWarning.header(warning)))
        }
        return response
    }
}
