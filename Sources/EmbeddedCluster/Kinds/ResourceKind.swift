import Foundation
import GatewayCore

/// One kind the embedded cluster serves, declared as data: its names, scope, subresources,
/// OpenAPI schema, `Table` columns, patch strategy and hooks.
///
/// The store, the API handlers, discovery and OpenAPI are generic over these registrations (see
/// ``ResourceRegistry``): serving another kind is one more registration, never a branch in them.
///
/// ```swift
/// let kinds = ResourceRegistry([.inferenceWorkloads, .deployments, .services])
/// kinds.kind(group: "apps", version: "v1", plural: "deployments")?.kind  // "Deployment"
/// ```
public struct ResourceKind: Sendable, Equatable, CustomStringConvertible {
    /// The API group; empty for the core group (`/api/v1`).
    public var group: String
    /// The versions served, preferred first.
    public var versions: [String]
    /// The version objects are stored at (only `apiVersion` differs between versions).
    public var storageVersion: String
    /// The plural resource name (URL segment).
    public var plural: String
    /// The singular resource name.
    public var singular: String
    /// The object kind.
    public var kind: String
    /// Short names kubectl accepts (`iw`, `deploy`, `svc`).
    public var shortNames: [String]
    /// Categories (`all`).
    public var categories: [String]
    /// Whether objects live in namespaces (`Namespaced`) or not (`Cluster`).
    public var namespaced: Bool
    /// Whether clients may write objects; a read-only kind answers only get, list and watch.
    public var writable: Bool
    /// The subresources: `status` and, when set, `scale`.
    public var subresources: Subresources
    /// The OpenAPI v3 schema of the object for a version, as `components.schemas` holds it.
    public var schema: @Sendable (_ version: String) -> JSONValue
    /// The `Table` columns `kubectl get` prints.
    public var table: TableLayout
    /// How PATCH bodies merge into objects of this kind.
    public var patchStrategy: PatchStrategy
    /// The field selectors beyond `metadata.name` and `metadata.namespace` (dotted JSON paths).
    public var selectableFields: [String]
    /// Checks and defaults an object before each write; see ``Admission``.
    public var admission: Admission
    /// The kind that replaces this one, for kinds the gateway keeps only for old clients: every
    /// answer on them then carries a `Warning` naming it.
    public var successor: Successor?
    /// What happens beyond the store once a client's write committed; see ``Translation``.
    public var translation: Translation?
    /// The prefix of the store's key column for objects of this kind (`deployments.apps/`); empty
    /// only for the kind the store held before any other was registered.
    public var storagePrefix: String

    /// The subresources of a kind.
    public struct Subresources: Sendable, Equatable {
        /// Whether `/status` is served (main writes then keep `status`, `/status` writes change only it).
        public var status: Bool
        /// `/scale`, when served.
        public var scale: ScaleSubresource?

        /// Creates subresources.
        public init(status: Bool, scale: ScaleSubresource? = nil) {
            self.status = status
            self.scale = scale
        }
    }

    /// `/scale` of a kind, declared by JSON paths as a CRD's `scale` subresource is.
    public struct ScaleSubresource: Sendable, Equatable {
        /// Where the desired replicas are (`spec.replicas`).
        public var specReplicasPath: [String]
        /// Where the observed replicas are (`status.replicas`).
        public var statusReplicasPath: [String]
        /// Where the label selector is (`spec.selector`, a `LabelSelector`), shown as `status.selector` text.
        public var labelSelectorPath: [String]?

        /// Creates a scale subresource.
        public init(specReplicasPath: [String], statusReplicasPath: [String], labelSelectorPath: [String]?) {
            self.specReplicasPath = specReplicasPath
            self.statusReplicasPath = statusReplicasPath
            self.labelSelectorPath = labelSelectorPath
        }
    }

    /// Creates a registration.
    public init(
        group: String,
        versions: [String],
        storageVersion: String? = nil,
        plural: String,
        singular: String,
        kind: String,
        shortNames: [String] = [],
        categories: [String] = [],
        namespaced: Bool = true,
        writable: Bool = true,
        subresources: Subresources = Subresources(status: true),
        schema: @escaping @Sendable (_ version: String) -> JSONValue,
        table: TableLayout,
        patchStrategy: PatchStrategy,
        selectableFields: [String] = [],
        admission: Admission = Admission(),
        successor: Successor? = nil,
        translation: Translation? = nil,
        storagePrefix: String? = nil
    ) {
        self.successor = successor
        self.translation = translation
        self.group = group
        self.versions = versions
        self.storageVersion = storageVersion ?? versions[0]
        self.plural = plural
        self.singular = singular
        self.kind = kind
        self.shortNames = shortNames
        self.categories = categories
        self.namespaced = namespaced
        self.writable = writable
        self.subresources = subresources
        self.schema = schema
        self.table = table
        self.patchStrategy = patchStrategy
        self.selectableFields = selectableFields
        self.admission = admission
        self.storagePrefix = storagePrefix ?? (group.isEmpty ? "\(plural)/" : "\(plural).\(group)/")
    }

    /// `List` appended to the kind.
    public var listKind: String { kind + "List" }

    /// `group/version`, or just `version` in the core group.
    public func apiVersion(_ version: String? = nil) -> String {
        let version = version ?? storageVersion
        return group.isEmpty ? version : "\(group)/\(version)"
    }

    /// Whether `apiVersion` (`apps/v1`) names a served version.
    public func isServed(apiVersion: String) -> Bool {
        versions.contains { self.apiVersion($0) == apiVersion }
    }

    /// `deployments.apps` (`services` in the core group), as error messages name the resource.
    public var qualifiedResource: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// `Deployment.apps` (`Service` in the core group), as `Invalid` messages name the kind.
    public var qualifiedKind: String { group.isEmpty ? kind : "\(kind).\(group)" }

    /// The URL path of the collection: `/apis/apps/v1/namespaces/ns/deployments`, or across namespaces with `nil`.
    public func collectionPath(version: String? = nil, namespace: String?) -> String {
        let root = group.isEmpty ? "/api/\(version ?? storageVersion)" : "/apis/\(apiVersion(version))"
        guard namespaced, let namespace else { return "\(root)/\(plural)" }
        return "\(root)/namespaces/\(namespace)/\(plural)"
    }

    /// `deployments.apps`.
    public var description: String { qualifiedResource }

    /// Whether PATCH accepts `application/strategic-merge-patch+json`.
    public var servesStrategicMerge: Bool {
        if case .strategic = patchStrategy { return true }
        return false
    }

    /// Registrations are the same when they name the same resource.
    public static func == (lhs: ResourceKind, rhs: ResourceKind) -> Bool {
        lhs.group == rhs.group && lhs.plural == rhs.plural
    }

    /// The store key of an object name.
    func storageName(_ name: String) -> String { storagePrefix + name }

    /// The object name of a store key of this kind, or `nil` when the key is another kind's.
    func objectName(ofStorageName key: String) -> String? {
        if storagePrefix.isEmpty { return key.contains("/") ? nil : key }
        guard key.hasPrefix(storagePrefix) else { return nil }
        return String(key.dropFirst(storagePrefix.count))
    }
}

extension ResourceKind {
    /// The kind that replaces a deprecated one.
    public struct Successor: Sendable, Equatable {
        /// `run.ai/v2alpha1`.
        public var apiVersion: String
        /// `InferenceWorkload`.
        public var kind: String
        /// `inferenceworkloads`.
        public var plural: String

        /// Creates a successor.
        public init(apiVersion: String, kind: String, plural: String) {
            self.apiVersion = apiVersion
            self.kind = kind
            self.plural = plural
        }

        /// `InferenceWorkload`s at their preferred version.
        public static let inferenceWorkload = Successor(
            apiVersion: InferenceWorkloadResource.apiVersion(),
            kind: InferenceWorkloadResource.kind,
            plural: InferenceWorkloadResource.plural
        )

        /// The successor's path for the same namespace and name: the object, the namespace's collection or all of them.
        public func path(namespace: String?, name: String?) -> String {
            let root = apiVersion.contains("/") ? "/apis/\(apiVersion)" : "/api/\(apiVersion)"
            guard let namespace else { return "\(root)/\(plural)" }
            guard let name else { return "\(root)/namespaces/\(namespace)/\(plural)" }
            return "\(root)/namespaces/\(namespace)/\(plural)/\(name)"
        }
    }

    /// A kind's hooks around each write: defaulting and validation of the object about to be
    /// stored (pure; run inside the write's transaction).
    public struct Admission: Sendable {
        /// Returns the object to store, defaulted, or throws a 422 naming each invalid field.
        /// `old` is the stored object on updates, `nil` on create.
        public var admit: @Sendable (_ old: JSONValue?, _ new: JSONValue) throws(KubeStatusError) -> JSONValue

        /// Creates hooks; by default objects are stored as they are.
        public init(admit: @escaping @Sendable (_ old: JSONValue?, _ new: JSONValue) throws(KubeStatusError) -> JSONValue = { _, new in new }) {
            self.admit = admit
        }
    }

    /// How PATCH bodies merge into a kind's objects.
    public enum PatchStrategy: Sendable {
        /// JSON merge and JSON patch only; strategic merge patch is a 415, as for custom resources.
        case customResource
        /// Strategic merge patch too, with the lists' merge keys of ``StrategicMergeSchema``.
        case strategic(StrategicMergeSchema)
    }

    /// The `Table` layout of a kind: its columns and how an object fills them.
    public struct TableLayout: Sendable {
        /// One column.
        public struct Column: Sendable {
            /// The header (`kubectl` prints it upper-cased).
            public var name: String
            /// `string`, `integer` or `date`.
            public var type: String
            /// `name` for the name column, otherwise empty.
            public var format: String
            /// What the column shows.
            public var description: String
            /// 0 for the default output, 1 for `-o wide` only.
            public var priority: Int

            /// Creates a column.
            public init(_ name: String, type: String = "string", format: String = "", priority: Int = 0, description: String) {
                self.name = name
                self.type = type
                self.format = format
                self.priority = priority
                self.description = description
            }
        }

        /// The columns, in order.
        public var columns: [Column]
        /// The cells of one object's row, one per column; `age` is its AGE text.
        public var cells: @Sendable (_ object: JSONValue, _ age: String) -> [JSONValue]

        /// Creates a layout.
        public init(columns: [Column], cells: @escaping @Sendable (_ object: JSONValue, _ age: String) -> [JSONValue]) {
            self.columns = columns
            self.cells = cells
        }

        /// The name column every kind starts with.
        public static let nameColumn = Column("Name", format: "name", description: "Name must be unique within a namespace.")
        /// The age column.
        public static let ageColumn = Column("Age", type: "date", description: "The time since the object was created.")
    }
}
