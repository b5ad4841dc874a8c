import GatewayCore

/// How a PATCH body is to be applied (chosen from the request's `Content-Type`).
///
/// Strategic merge patch is served only for kinds that declare one (the apiserver answers 415 for
/// custom resources); see ``PatchType/init(contentType:fieldManager:force:strategicMerge:)``.
public enum PatchType: Sendable, Equatable {
    /// `application/merge-patch+json`: RFC 7386 JSON merge patch.
    case merge
    /// `application/json-patch+json`: RFC 6902 JSON patch.
    case json
    /// `application/strategic-merge-patch+json`: lists merged by their keys (``StrategicMergePatch``).
    case strategic
    /// `application/apply-patch+yaml` (JSON or YAML body): server-side apply, approximated; see ``ClusterStore``.
    case apply(fieldManager: String, force: Bool)
}

/// Which part of the object a write addresses.
public enum Subresource: String, Sendable, Equatable {
    /// The object itself: `status` is kept as stored.
    case main = ""
    /// `/status`: only `status` is written.
    case status
    /// `/scale`: the API reads and writes the replicas of the object itself (see ``ResourceKind/ScaleSubresource``).
    case scale
}

/// One page of a list.
public struct ObjectList: Sendable, Equatable {
    /// The objects, ordered by namespace then name.
    public var items: [JSONValue]
    /// The resourceVersion the list is consistent at (`metadata.resourceVersion`).
    public var resourceVersion: String
    /// The token for the next page, or `nil` on the last page (`metadata.continue`).
    public var continueToken: String?
    /// How many objects follow this page, when known without a selector (`metadata.remainingItemCount`).
    public var remainingItemCount: Int64?

    /// Creates a page.
    public init(items: [JSONValue], resourceVersion: String, continueToken: String?, remainingItemCount: Int64?) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
        self.remainingItemCount = remainingItemCount
    }

    /// The list body (`InferenceWorkloadList`, or `listKind`), with every item at `apiVersion`.
    public func json(apiVersion: String = InferenceWorkloadResource.apiVersion(), listKind: String = InferenceWorkloadResource.listKind) -> JSONValue
    {
        var metadata: JSONValue = ["resourceVersion": .string(resourceVersion)]
        if let continueToken { metadata["continue"] = .string(continueToken) }
        if let remainingItemCount { metadata["remainingItemCount"] = .integer(remainingItemCount) }
        return [
            "kind": .string(listKind),
            "apiVersion": .string(apiVersion),
            "metadata": metadata,
            "items": .array(
                items.map { item in
                    var converted = item
                    converted["apiVersion"] = .string(apiVersion)
                    return converted
                }
            ),
        ]
    }
}

/// The outcome of a write that may create (server-side apply creates a missing object).
public struct WriteResult: Sendable, Equatable {
    /// The object as stored after the write (or as it was, for a no-op).
    public var object: JSONValue
    /// Whether the object was created by this write (answer 201 instead of 200).
    public var created: Bool

    /// Creates a result.
    public init(object: JSONValue, created: Bool) {
        self.object = object
        self.created = created
    }
}

/// The outcome of a delete.
public enum DeleteResult: Sendable, Equatable {
    /// The object is gone; answer 200 with ``KubeStatusError/deleteSuccess(name:uid:)``. Carries its last state.
    case deleted(JSONValue)
    /// The object has finalizers: it now carries `deletionTimestamp` and stays until they are removed.
    /// Answer 200 with the object.
    case terminating(JSONValue)
}

/// Preconditions of a delete (`DeleteOptions.preconditions`).
public struct DeletePreconditions: Sendable, Equatable {
    /// The UID the object must have.
    public var uid: String?
    /// The resourceVersion the object must have.
    public var resourceVersion: String?

    /// Creates preconditions.
    public init(uid: String? = nil, resourceVersion: String? = nil) {
        self.uid = uid
        self.resourceVersion = resourceVersion
    }
}

/// What a watch asks for: the query parameters of `?watch=true`.
public struct WatchRequest: Sendable, Equatable {
    /// The kind watched.
    public var kind: ResourceKind
    /// The namespace, or `nil` for all namespaces.
    public var namespace: String?
    /// `resourceVersion`: `nil`/empty/`"0"` starts with synthetic ADDED events for every object; `N` streams changes after N.
    public var resourceVersion: String?
    /// `resourceVersionMatch` (only `NotOlderThan`, and only with `sendInitialEvents`).
    public var resourceVersionMatch: String?
    /// `labelSelector`.
    public var labelSelector: String?
    /// `fieldSelector` (`metadata.name`, `metadata.namespace`).
    public var fieldSelector: String?
    /// `allowWatchBookmarks`: whether ``ClusterWatch/requestBookmark()`` may emit bookmarks.
    public var allowBookmarks: Bool
    /// `sendInitialEvents`; `true` sends ADDED for every object, then a bookmark marked `k8s.io/initial-events-end`.
    public var sendInitialEvents: Bool?

    /// Creates a request.
    public init(
        kind: ResourceKind = .inferenceWorkloads,
        namespace: String? = nil,
        resourceVersion: String? = nil,
        resourceVersionMatch: String? = nil,
        labelSelector: String? = nil,
        fieldSelector: String? = nil,
        allowBookmarks: Bool = false,
        sendInitialEvents: Bool? = nil
    ) {
        self.kind = kind
        self.namespace = namespace
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.allowBookmarks = allowBookmarks
        self.sendInitialEvents = sendInitialEvents
    }
}
