import Foundation

/// Options of a list call.
public struct ListOptions: Sendable, Hashable {
    /// `labelSelector`, e.g. `app=demo,tier!=cache`.
    public var labelSelector: String?
    /// `fieldSelector`, e.g. `metadata.name=demo`.
    public var fieldSelector: String?
    /// `limit`: the page size; `nil` for everything at once.
    public var limit: Int?
    /// `continue`: the token of the previous page.
    public var continueToken: String?
    /// `resourceVersion`: `"0"` allows an answer from the server's cache.
    public var resourceVersion: String?

    /// Creates list options.
    public init(
        labelSelector: String? = nil,
        fieldSelector: String? = nil,
        limit: Int? = nil,
        continueToken: String? = nil,
        resourceVersion: String? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
    }
}

/// Options of a watch.
public struct WatchOptions: Sendable, Hashable {
    /// The resource version to watch from, normally the `metadata.resourceVersion` of a list.
    /// `nil` or `"0"`: the server first sends the current objects as `ADDED`.
    public var resourceVersion: String?
    /// `labelSelector`.
    public var labelSelector: String?
    /// `fieldSelector`.
    public var fieldSelector: String?
    /// `allowWatchBookmarks`: the server may send `BOOKMARK` events that advance the resource version.
    public var allowBookmarks: Bool
    /// `timeoutSeconds`: how long the server keeps one watch connection open.
    public var timeoutSeconds: Int?
    /// Whether the stream reconnects from the last seen resource version when the server ends a
    /// connection (at `timeoutSeconds`, or after a dropped connection). With `false` the stream finishes instead.
    public var resumes: Bool

    /// Creates watch options.
    public init(
        resourceVersion: String? = nil,
        labelSelector: String? = nil,
        fieldSelector: String? = nil,
        allowBookmarks: Bool = true,
        timeoutSeconds: Int? = nil,
        resumes: Bool = true
    ) {
        self.resourceVersion = resourceVersion
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.allowBookmarks = allowBookmarks
        self.timeoutSeconds = timeoutSeconds
        self.resumes = resumes
    }
}

/// Options of create, replace and patch calls.
public struct WriteOptions: Sendable, Hashable {
    /// `fieldManager`: who owns the written fields. Required for server-side apply.
    public var fieldManager: String?
    /// `dryRun=All`: validate and answer without persisting.
    public var dryRun: Bool
    /// `fieldValidation`: `Strict`, `Warn` or `Ignore`.
    public var fieldValidation: String?

    /// Creates write options.
    public init(fieldManager: String? = nil, dryRun: Bool = false, fieldValidation: String? = nil) {
        self.fieldManager = fieldManager
        self.dryRun = dryRun
        self.fieldValidation = fieldValidation
    }
}

/// A patch and its type.
public enum KubernetesPatch: Sendable, Hashable {
    /// `application/merge-patch+json` (RFC 7386): a partial object; `null` deletes a field.
    case merge(Data)
    /// `application/json-patch+json` (RFC 6902): an array of operations.
    case json(Data)
    /// `application/apply-patch+yaml`: server-side apply of a whole intended object (JSON is valid YAML).
    /// Needs ``WriteOptions/fieldManager``; `force` takes over fields owned by other managers.
    case apply(Data, force: Bool)

    /// The `Content-Type` of the patch.
    public var contentType: String {
        switch self {
        case .merge: "application/merge-patch+json"
        case .json: "application/json-patch+json"
        case .apply: "application/apply-patch+yaml"
        }
    }

    /// The patch document.
    public var body: Data {
        switch self {
        case .merge(let body), .json(let body), .apply(let body, _): body
        }
    }
}

/// Options of a delete call.
public struct DeleteOptions: Sendable, Hashable {
    /// How dependents are deleted.
    public enum PropagationPolicy: String, Sendable, Hashable {
        /// Dependents are orphaned.
        case orphan = "Orphan"
        /// Dependents are deleted in the background (the API's default for most resources).
        case background = "Background"
        /// The object stays, with `deletionTimestamp` set, until its dependents are gone.
        case foreground = "Foreground"
    }

    /// `propagationPolicy`.
    public var propagationPolicy: PropagationPolicy?
    /// `gracePeriodSeconds`.
    public var gracePeriodSeconds: Int?
    /// `preconditions.resourceVersion`: delete only this version.
    public var resourceVersion: String?
    /// `preconditions.uid`: delete only this incarnation.
    public var uid: String?
    /// `dryRun=All`.
    public var dryRun: Bool

    /// Creates delete options.
    public init(
        propagationPolicy: PropagationPolicy? = nil,
        gracePeriodSeconds: Int? = nil,
        resourceVersion: String? = nil,
        uid: String? = nil,
        dryRun: Bool = false
    ) {
        self.propagationPolicy = propagationPolicy
        self.gracePeriodSeconds = gracePeriodSeconds
        self.resourceVersion = resourceVersion
        self.uid = uid
        self.dryRun = dryRun
    }
}
