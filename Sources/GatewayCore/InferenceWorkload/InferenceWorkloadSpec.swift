/// The `spec` of an ``InferenceWorkload``: the fields a legacy job translates into, each wrapped the
/// Cluster-API way (``SpecValue`` for scalars, ``SpecItems`` for maps). Absent fields are omitted.
public struct InferenceWorkloadSpec: Codable, Sendable, Equatable {
    /// The Run:ai workload name.
    public var name: SpecValue<String>?
    /// A prefix for a name Run:ai generates (exclusive with ``name``).
    public var namePrefix: SpecValue<String>?
    /// The display user.
    public var username: SpecValue<String>?
    /// The container image.
    public var image: SpecValue<String>?
    /// `Always`, `IfNotPresent` or `Never`.
    public var imagePullPolicy: SpecValue<String>?
    /// The command, one string.
    public var command: SpecValue<String>?
    /// The arguments, one string.
    public var arguments: SpecValue<String>?
    /// The working directory.
    public var workingDir: SpecValue<String>?
    /// Environment variables.
    public var environment: SpecItems<String>?
    /// GPUs as a string (`"0.5"`, `"1"`).
    public var gpu: SpecValue<String>?
    /// GPU memory (`"4G"`).
    public var gpuMemory: SpecValue<String>?
    /// CPU request as a string.
    public var cpu: SpecValue<String>?
    /// CPU limit as a string.
    public var cpuLimit: SpecValue<String>?
    /// Memory request.
    public var memory: SpecValue<String>?
    /// Memory limit.
    public var memoryLimit: SpecValue<String>?
    /// A large `/dev/shm`.
    public var largeShm: SpecValue<Bool>?
    /// The host's IPC namespace.
    public var hostIpc: SpecValue<Bool>?
    /// The host's network.
    public var hostNetwork: SpecValue<Bool>?
    /// Keep stdin open.
    public var stdin: SpecValue<Bool>?
    /// Allocate a TTY.
    public var tty: SpecValue<Bool>?
    /// Create a home directory.
    public var createHomeDir: SpecValue<Bool>?
    /// Run as a non-root user.
    public var runAsUser: SpecValue<Bool>?
    /// The user id.
    public var runAsUid: SpecValue<Int>?
    /// The group id.
    public var runAsGid: SpecValue<Int>?
    /// The node type to run on.
    public var nodeType: SpecValue<String>?
    /// Exposed ports, keyed `port-<container>`.
    public var ports: SpecItems<InferencePort>?
    /// `LoadBalancer`, `NodePort` or `ClusterIP`.
    public var serviceType: SpecValue<String>?
    /// Persistent volume claims, keyed `pvc-<index>`.
    public var pvcs: SpecItems<InferencePVC>?
    /// Host or NFS volumes, keyed `volume-<index>`.
    public var volumes: SpecItems<InferenceVolume>?
    /// Git repositories, keyed `gitsync-<index>`.
    public var gitSync: SpecItems<InferenceGitSync>?
    /// Pod annotations (MPS is `mps: "true"`).
    public var annotations: SpecItems<String>?
    /// Pod labels.
    public var labels: SpecItems<String>?
    /// The fewest replicas.
    public var minScale: SpecValue<Int>?
    /// The most replicas.
    public var maxScale: SpecValue<Int>?
    /// `Submit` for a workload to run, `Template` for a template.
    public var usage: String?

    /// Creates an empty spec.
    public init() {}
}
