import GatewayCore

/// One event of a watch, as the API layer writes it: `{"type":"ADDED","object":{…}}` plus `\n`.
public enum WatchEvent: Sendable, Equatable {
    /// An object appeared (created, entered the selector, or synthetic for the initial state).
    case added(JSONValue)
    /// An object changed.
    case modified(JSONValue)
    /// An object went away (deleted, or left the selector); carries its last state at a new resourceVersion.
    case deleted(JSONValue)
    /// Progress: every event up to `resourceVersion` was sent. `initialEventsEnd` marks the end of
    /// the initial events of a `sendInitialEvents=true` watch.
    case bookmark(resourceVersion: String, initialEventsEnd: Bool)
    /// The watch cannot go on (410 Expired for a too-old resourceVersion); the stream ends after it.
    case error(KubeStatusError)

    /// `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK` or `ERROR`.
    public var type: String {
        switch self {
        case .added: return "ADDED"
        case .modified: return "MODIFIED"
        case .deleted: return "DELETED"
        case .bookmark: return "BOOKMARK"
        case .error: return "ERROR"
        }
    }

    /// The resourceVersion the event brings the watcher to (`nil` for an error).
    public var resourceVersion: String? {
        switch self {
        case .added(let object), .modified(let object), .deleted(let object):
            return object[path: ["metadata", "resourceVersion"]]?.stringValue
        case .bookmark(let resourceVersion, _):
            return resourceVersion
        case .error:
            return nil
        }
    }

    /// The object of the event; a bookmark carries only kind, apiVersion and `metadata.resourceVersion`
    /// (plus the `k8s.io/initial-events-end` annotation), an error the `Status`.
    public func object(apiVersion: String = InferenceWorkloadResource.apiVersion(), kind: String = InferenceWorkloadResource.kind) -> JSONValue {
        switch self {
        case .added(let object), .modified(let object), .deleted(let object):
            var converted = object
            converted["apiVersion"] = .string(apiVersion)
            return converted
        case .bookmark(let resourceVersion, let initialEventsEnd):
            var metadata: JSONValue = ["resourceVersion": .string(resourceVersion)]
            if initialEventsEnd {
                metadata["annotations"] = ["k8s.io/initial-events-end": "true"]
            }
            return ["kind": .string(kind), "apiVersion": .string(apiVersion), "metadata": metadata]
        case .error(let error):
            return error.statusObject
        }
    }

    /// The whole frame, `{"type":…,"object":…}`; write its ``JSONValue/compactString`` and a newline.
    public func frame(apiVersion: String = InferenceWorkloadResource.apiVersion(), kind: String = InferenceWorkloadResource.kind) -> JSONValue {
        ["type": .string(type), "object": object(apiVersion: apiVersion, kind: kind)]
    }
}
