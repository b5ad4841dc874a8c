import Foundation

extension LegacyJob {
    /// A command or its arguments: the swagger's list of strings, or the markdown's single string.
    public enum Command: Sendable, Equatable {
        /// One string, used as it is.
        case string(String)
        /// A list of words.
        case list([String])

        /// The single string an `InferenceWorkload` takes: a string stays as it is; list items are joined
        /// with spaces, and an item that holds a space, a quote or a shell metacharacter is single-quoted
        /// (POSIX shell style) so that splitting it again gives back the same words.
        public var joined: String {
            switch self {
            case .string(let text): text
            case .list(let words): words.map(Self.quoted).joined(separator: " ")
            }
        }

        /// Whether there is nothing in it.
        public var isEmpty: Bool {
            switch self {
            case .string(let text): text.trimmingCharacters(in: .whitespaces).isEmpty
            case .list(let words): words.isEmpty
            }
        }

        /// Bytes a shell word may hold without quoting.
        private static let shellPlain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%".utf8)

        static func quoted(_ word: String) -> String {
            if !word.isEmpty, word.utf8.allSatisfy({ shellPlain.contains($0) }) { return word }
            return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        }
    }

    /// How the legacy job exposes its ports.
    ///
    /// The swagger types `serviceType` as an integer without listing the values; the markdown and the
    /// CLI use names. The gateway reads the integers as `0` none (the Go zero value, same as absent),
    /// `1` loadbalancer, `2` nodeport, `3` ingress, `4` clusterip, `5` portforward.
    public enum ServiceType: String, Sendable, Equatable, CaseIterable {
        /// A cloud load balancer.
        case loadBalancer = "loadbalancer"
        /// A port on every node.
        case nodePort = "nodeport"
        /// An ingress rule.
        case ingress
        /// A cluster-internal address.
        case clusterIP = "clusterip"
        /// A cluster-internal address the CLI forwarded to the caller's machine.
        case portForward = "portforward"

        /// The integer codes of the swagger's `serviceType`; `0` means none.
        public static let integerCodes: [Int: ServiceType] = [
            1: .loadBalancer, 2: .nodePort, 3: .ingress, 4: .clusterIP, 5: .portForward,
        ]

        /// Reads a name, in any letter case (`NodePort`, `nodeport`, `node-port`).
        public init?(name: String) {
            let normalized = name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
            self.init(rawValue: normalized)
        }
    }

    /// One exposed port.
    public struct Port: Sendable, Equatable {
        /// The port the container listens on.
        public var container: Int
        /// The port to expose it on, if fixed.
        public var external: Int?
        /// Let the system choose the external port.
        public var autoGenerate: Bool?

        /// Creates a port.
        public init(container: Int, external: Int? = nil, autoGenerate: Bool? = nil) {
            self.container = container
            self.external = external
            self.autoGenerate = autoGenerate
        }
    }

    /// A new persistent volume claim to create and mount.
    public struct PersistentVolumeClaim: Sendable, Equatable {
        /// The storage class to provision from; the cluster default when absent.
        public var storageClass: String?
        /// The size, e.g. `3G`.
        public var size: String?
        /// Where to mount it in the container.
        public var path: String?
        /// Mount read-only.
        public var readOnly: Bool?

        /// Creates a claim.
        public init(storageClass: String? = nil, size: String? = nil, path: String? = nil, readOnly: Bool? = nil) {
            self.storageClass = storageClass
            self.size = size
            self.path = path
            self.readOnly = readOnly
        }
    }

    /// A host or NFS path mounted into the container.
    public struct Volume: Sendable, Equatable {
        /// The path on the host (or on the NFS server).
        public var sourcePath: String?
        /// The path in the container.
        public var targetPath: String?
        /// The NFS server, for an NFS volume.
        public var nfsServer: String?
        /// Mount read-only.
        public var readOnly: Bool?

        /// Creates a volume.
        public init(sourcePath: String? = nil, targetPath: String? = nil, nfsServer: String? = nil, readOnly: Bool? = nil) {
            self.sourcePath = sourcePath
            self.targetPath = targetPath
            self.nfsServer = nfsServer
            self.readOnly = readOnly
        }
    }

    /// Which form the request gave its volumes in.
    public enum VolumeForm: String, Sendable, Equatable {
        /// The markdown's `volume` map, host path → container path.
        case map = "volume"
        /// The swagger's `volumes` list.
        case list = "volumes"
    }

    /// A Git repository synced into the container.
    public struct GitSync: Sendable, Equatable {
        /// The repository URL.
        public var repository: String?
        /// The branch.
        public var branch: String?
        /// The revision.
        public var revision: String?
        /// Check out ``revision`` rather than the head of ``branch``.
        public var byRevision: Bool?
        /// Where to put it in the container.
        public var directory: String?
        /// The git-sync image to use.
        public var image: String?
        /// The user name for a private repository.
        public var username: String?
        /// The password for a private repository.
        public var password: String?
        /// Use ``username`` and ``password``.
        public var useCredentials: Bool?
        /// Mount read-only.
        public var readOnly: Bool?
        /// Keep syncing after the start.
        public var sync: Bool?

        /// Creates a Git sync with every field absent.
        public init(repository: String? = nil) {
            self.repository = repository
        }
    }
}
