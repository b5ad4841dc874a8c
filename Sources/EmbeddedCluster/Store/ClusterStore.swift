import Foundation
import GatewayCore
import GatewayPersistence

/// The embedded cluster's object store: the objects of every ``ResourceKind`` with kube-apiserver semantics,
/// persisted in the gateway's SQLite database (tables of migration `0002_embedded_cluster`).
///
/// Every method takes the kind it addresses (``ResourceKind/inferenceWorkloads`` by default); kinds
/// share the resourceVersion counter and the event history, as they share etcd in a real cluster.
///
/// Create **one** store per database and share it (API routes, controller): watches are fed by
/// this instance's writes. Every write is atomic and durable through the database's group
/// committer (its own savepoint of a shared `BEGIN IMMEDIATE` transaction; WAL,
/// `synchronous=FULL`): it stores the object, bumps the global resourceVersion counter and appends
/// a watch event; watchers are told after the commit, in resourceVersion order.
///
/// Semantics (kube-api.md §2):
/// - server-set metadata: `uid`, `creationTimestamp` (RFC 3339 UTC), `resourceVersion` (a global
///   counter as a string), `generation` (1 on create; +1 when anything outside `metadata` and
///   `status` changes; +1 when deletion starts); `namespace` comes from the URL (a different one in
///   the body → 400); `resourceVersion` must be empty on create (400); `generateName` adds 5 random
///   characters; `name` must be an RFC 1123 subdomain (422);
/// - no-op writes change nothing: same resourceVersion, no event;
/// - status subresource: create drops `status`; main-resource writes keep the stored `status`;
///   `/status` writes change only `status`;
/// - finalizers: deleting an object with finalizers sets `deletionTimestamp` and
///   `deletionGracePeriodSeconds: 0` (a MODIFIED event); a later write that empties `finalizers`
///   removes it (a DELETED event);
/// - server-side apply is approximated: the applied configuration is merged into the object
///   (maps recursively, lists and scalars atomically); each manager's fields are recorded in
///   `metadata.managedFields` (`fieldsV1`); applying a different value to a field another manager
///   owns is a 409 Conflict unless `force`; fields a manager applied before and omits now are removed
///   unless another manager owns them. Updates (PUT, merge/JSON patch) record their changed fields
///   for their manager too.
///
/// Watch history: the last ``Configuration/eventHistoryLimit`` events are kept in SQLite (table
/// `cluster_events`), so a client resuming with a resourceVersion after a gateway restart continues
/// seamlessly; older resourceVersions get 410 Expired. The same history makes continue tokens
/// consistent: a later page shows the objects as they were at the first page's resourceVersion.
public struct ClusterStore: Sendable {
    /// Store settings.
    public struct Configuration: Sendable {
        /// How many past events are kept for watches and list continuation (older ones expire: 410).
        public var eventHistoryLimit: Int
        /// The clock for `creationTimestamp` and `deletionTimestamp`.
        public var now: @Sendable () -> Date
        /// Labels only ``WriteAuthority/trusted`` writes may set, change or remove: by default the
        /// gateway's managed-by label, which marks the objects its status sync follows.
        public var reservedLabels: Set<String>

        /// Creates settings.
        public init(
            eventHistoryLimit: Int = 1000,
            reservedLabels: Set<String> = [InferenceWorkload.managedByLabel],
            now: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.eventHistoryLimit = max(1, eventHistoryLimit)
            self.reservedLabels = reservedLabels
            self.now = now
        }
    }

    /// The database (migrated).
    public let database: GatewayDatabase
    /// The settings.
    public let configuration: Configuration
    let hub: WatchHub
    /// Events of the transaction under way, published when it commits.
    let pending = PendingEvents()

    /// Creates the store over a migrated database.
    public init(database: GatewayDatabase, configuration: Configuration = Configuration()) {
        self.database = database
        self.configuration = configuration
        self.hub = WatchHub()
    }

    /// Creates an object (POST). Returns it as stored (answer 201).
    ///
    /// - Parameters:
    ///   - namespace: the namespace of the URL.
    ///   - object: the request body; `status` is dropped, server-set metadata filled in.
    ///   - fieldManager: the `fieldManager` query parameter, recorded in `managedFields`.
    ///   - authority: whether the writer may set reserved labels.
    /// - Throws: 400 BadRequest (not an object, namespace mismatch, resourceVersion set, wrong kind),
    ///   422 Invalid (name, a reserved label written by a restricted writer), 409 AlreadyExists.
    public func create(
        kind: ResourceKind = .inferenceWorkloads,
        namespace: String,
        object: JSONValue,
        fieldManager: String? = nil,
        authority: WriteAuthority = .trusted
    ) async throws(KubeStatusError)
        -> JSONValue
    {
        try await perform { db in
            try self.createObject(db, kind: kind, namespace: namespace, body: object, fieldManager: fieldManager, authority: authority)
        }
    }

    /// Reads one object (GET). - Throws: 404 NotFound.
    public func get(kind: ResourceKind = .inferenceWorkloads, namespace: String, name: String) async throws(KubeStatusError) -> JSONValue {
        try await read { db in
            guard let row = try ObjectRow.fetch(db, namespace: namespace, name: kind.storageName(name)) else {
                throw KubeStatusError.notFound(name, kind: kind)
            }
            return row.object
        }
    }

    /// Lists objects (LIST) in a namespace, or in all namespaces when `namespace` is `nil`.
    ///
    /// - Parameters:
    ///   - labelSelector: `a=b,c!=d,e in (f,g),h notin (i),j,!k` (`=`/`==` alike).
    ///   - fieldSelector: `metadata.name=…`, `metadata.namespace=…` (`=`, `==`, `!=`).
    ///   - limit: the page size; `nil` or 0 means everything.
    ///   - continueToken: `continue` of the previous page.
    /// - Throws: 400 BadRequest (selector syntax, unknown field selector, malformed token), 410 Expired
    ///   (a token older than the event history).
    public func list(
        kind: ResourceKind = .inferenceWorkloads,
        namespace: String?,
        labelSelector: String? = nil,
        fieldSelector: String? = nil,
        limit: Int? = nil,
        continueToken: String? = nil
    ) async throws(KubeStatusError) -> ObjectList {
        let query = try ListQuery(
            kind: kind,
            namespace: namespace,
            labelSelector: labelSelector,
            fieldSelector: fieldSelector,
            limit: limit,
            continueToken: continueToken
        )
        return try await read { db in try self.listObjects(db, query) }
    }

    /// Replaces an object (PUT), or its status (PUT `/status` with `subresource: .status`).
    ///
    /// - Throws: 422 Invalid when `metadata.resourceVersion` is missing
    ///   (`metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`),
    ///   409 Conflict when it differs from the stored one, 404 NotFound (no create on PUT),
    ///   400 BadRequest for a name or namespace that differs from the URL, 422 Invalid for a reserved
    ///   label written by a restricted writer.
    public func replace(
        kind: ResourceKind = .inferenceWorkloads,
        namespace: String,
        name: String,
        object: JSONValue,
        subresource: Subresource = .main,
        fieldManager: String? = nil,
        authority: WriteAuthority = .trusted
    ) async throws(KubeStatusError) -> JSONValue {
        try await perform { db in
            try self.replaceObject(
                db,
                kind: kind,
                namespace: namespace,
                name: name,
                body: object,
                subresource: subresource,
                fieldManager: fieldManager,
                authority: authority
            )
        }
    }

    /// Patches an object (PATCH) or its status.
    ///
    /// `body` is the raw request body: JSON for merge and JSON patch; JSON or YAML for apply.
    /// A `metadata.resourceVersion` in the patched result is a precondition (409 Conflict when stale).
    /// Server-side apply creates a missing object (``WriteResult/created`` is then `true`).
    /// - Throws: 400 BadRequest (body not parseable, not an object), 404 NotFound, 409 Conflict
    ///   (stale resourceVersion, field manager conflicts), 422 Invalid (failed JSON patch `test`,
    ///   bad path, invalid result, a reserved label written by a restricted writer).
    public func patch(
        kind: ResourceKind = .inferenceWorkloads,
        namespace: String,
        name: String,
        type: PatchType,
        body: Data,
        subresource: Subresource = .main,
        fieldManager: String? = nil,
        authority: WriteAuthority = .trusted
    ) async throws(KubeStatusError) -> WriteResult {
        let document = try PatchDocument(type: type, body: body)
        return try await perform { db in
            try self.patchObject(
                db,
                kind: kind,
                namespace: namespace,
                name: name,
                document: document,
                subresource: subresource,
                fieldManager: fieldManager,
                authority: authority
            )
        }
    }

    /// Deletes an object (DELETE): removes it, or starts deletion when it has finalizers.
    /// - Throws: 404 NotFound, 409 Conflict when a precondition does not hold.
    public func delete(
        kind: ResourceKind = .inferenceWorkloads,
        namespace: String,
        name: String,
        preconditions: DeletePreconditions = DeletePreconditions()
    ) async throws(KubeStatusError) -> DeleteResult {
        try await perform { db in try self.deleteObject(db, kind: kind, namespace: namespace, name: name, preconditions: preconditions) }
    }

    /// Changes an object as its controller does: `change` may edit `status`, annotations, labels
    /// and finalizers; other edits are ignored. No resourceVersion precondition; a change that
    /// changes nothing writes nothing. Emptying the finalizers of a terminating object removes it.
    ///
    /// - Returns: the object as stored afterwards, or `nil` when it no longer exists.
    /// - Throws: only storage failures (500).
    @discardableResult
    public func updateStatus(
        kind: ResourceKind = .inferenceWorkloads,
        namespace: String,
        name: String,
        fieldManager: String = "embedded-controller",
        _ change: @escaping @Sendable (inout JSONValue) -> Void
    ) async throws(KubeStatusError) -> JSONValue? {
        try await perform { db in
            try self.controllerUpdate(db, kind: kind, namespace: namespace, name: name, fieldManager: fieldManager, change: change)
        }
    }

    /// Starts a watch. Events arrive in resourceVersion order; see ``ClusterWatch``.
    ///
    /// - A `resourceVersion` older than the event history yields one ``WatchEvent/error(_:)``
    ///   (410 Expired, `too old resource version: N (M)`), then the stream ends.
    /// - `sendInitialEvents=true` (with `resourceVersionMatch=NotOlderThan` and
    ///   `allowWatchBookmarks=true`, as the apiserver requires) sends ADDED for every matching
    ///   object, then a bookmark marked `k8s.io/initial-events-end: "true"`, then live changes.
    /// - Throws: 400 BadRequest for selectors or a malformed resourceVersion; 422 Invalid for
    ///   `sendInitialEvents`/`resourceVersionMatch` combinations the apiserver rejects.
    public func watch(_ request: WatchRequest) async throws(KubeStatusError) -> ClusterWatch {
        try await startWatch(request)
    }

    /// The current resourceVersion (the counter's value), as a string.
    public func currentResourceVersion() async throws(KubeStatusError) -> String {
        try await read { db in String(try ClusterCounter.current(db)) }
    }

    /// The oldest resourceVersion a watch may still start from; older ones get 410 Expired.
    public func oldestWatchableResourceVersion() async throws(KubeStatusError) -> Int64 {
        try await read { db in try ClusterCounter.compacted(db) }
    }
}
