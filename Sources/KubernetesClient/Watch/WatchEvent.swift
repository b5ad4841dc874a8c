/// The type of a watch event.
public struct WatchEventType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value, e.g. `ADDED`.
    public var rawValue: String

    /// Wraps a wire value.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// An object appeared (or was there when the watch started).
    public static let added = WatchEventType(rawValue: "ADDED")
    /// An object changed.
    public static let modified = WatchEventType(rawValue: "MODIFIED")
    /// An object was removed; the event carries its last state.
    public static let deleted = WatchEventType(rawValue: "DELETED")
    /// Only the resource version advanced; the object carries nothing else.
    public static let bookmark = WatchEventType(rawValue: "BOOKMARK")
    /// The server reported an error (a `Status`). The stream turns these into thrown ``KubernetesError``s.
    public static let error = WatchEventType(rawValue: "ERROR")

    /// The wire value.
    public var description: String { rawValue }
}

/// One event of a watch.
public struct WatchEvent<Object: Sendable>: Sendable {
    /// What happened.
    public var type: WatchEventType
    /// The object (for `BOOKMARK`, only its kind, apiVersion and resource version).
    public var object: Object
    /// The object's `metadata.resourceVersion`, which the stream resumes from.
    public var resourceVersion: String?

    /// Creates an event.
    public init(type: WatchEventType, object: Object, resourceVersion: String?) {
        self.type = type
        self.object = object
        self.resourceVersion = resourceVersion
    }
}

extension WatchEvent: Equatable where Object: Equatable {}
