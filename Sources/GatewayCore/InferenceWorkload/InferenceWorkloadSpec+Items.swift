/// A port of an ``InferenceWorkloadSpec``: `{"container": 8888, "external": 30088}`.
public struct InferencePort: Codable, Sendable, Equatable {
    /// The container port.
    public var container: Int
    /// The external port, when fixed.
    public var external: Int?

    /// Creates a port.
    public init(container: Int, external: Int? = nil) {
        self.container = container
        self.external = external
    }
}

/// A persistent volume claim of an ``InferenceWorkloadSpec``.
public struct InferencePVC: Codable, Sendable, Equatable {
    /// What a new claim should be provisioned with.
    public struct ClaimInfo: Codable, Sendable, Equatable {
        /// The size (`"3G"`).
        public var size: String?
        /// The storage class; the cluster default when absent.
        public var storageClass: String?

        /// Creates claim info.
        public init(size: String?, storageClass: String?) {
            self.size = size
            self.storageClass = storageClass
        }
    }

    /// The name of an existing claim to mount, when ``existingPvc`` is true.
    public var claimName: String?
    /// Whether the claim exists already (legacy claims are always new).
    public var existingPvc: Bool
    /// Where to mount it.
    public var path: String
    /// Mount read-only.
    public var readOnly: Bool
    /// How to provision a new claim.
    public var claimInfo: ClaimInfo?

    /// Creates a claim entry.
    public init(claimName: String? = nil, existingPvc: Bool, path: String, readOnly: Bool, claimInfo: ClaimInfo?) {
        self.claimName = claimName
        self.existingPvc = existingPvc
        self.path = path
        self.readOnly = readOnly
        self.claimInfo = claimInfo
    }
}

/// A host-path or NFS volume of an ``InferenceWorkloadSpec``.
public struct InferenceVolume: Codable, Sendable, Equatable {
    /// The path on the host or the NFS server.
    public var source: String
    /// The path in the container.
    public var target: String
    /// The NFS server, for an NFS volume.
    public var nfsServer: String?
    /// Mount read-only.
    public var readOnly: Bool?

    /// Creates a volume entry.
    public init(source: String, target: String, nfsServer: String? = nil, readOnly: Bool? = nil) {
        self.source = source
        self.target = target
        self.nfsServer = nfsServer
        self.readOnly = readOnly
    }
}

/// A Git repository of an ``InferenceWorkloadSpec``.
public struct InferenceGitSync: Codable, Sendable, Equatable {
    /// The repository URL.
    public var repository: String
    /// The branch.
    public var branch: String?
    /// The revision.
    public var revision: String?
    /// Check out the revision rather than the branch head.
    public var byRevision: Bool?
    /// Where to put it in the container.
    public var directory: String?
    /// The git-sync image.
    public var image: String?
    /// Mount read-only.
    public var readOnly: Bool?
    /// Keep syncing.
    public var sync: Bool?

    /// Creates a Git entry.
    public init(repository: String) {
        self.repository = repository
    }
}
