import Foundation

/// The `job` object of a legacy submit (`POST /api/v1/jobs`), decoded tolerantly.
///
/// Every field of the Researcher API's `api.Job` is here, in one normal form whichever documented
/// variant the caller used: environment values become strings, `command` and `arguments` keep their
/// string or list form, `serviceType` is one case whether sent as a number or a string, the markdown
/// `volume` map and the swagger `volumes` list both become ``volumes``, `ttlAfterFinish` becomes
/// seconds whether sent as a number or as a duration such as `"2m"`.
///
/// Decoding only checks shapes; ``LegacyJobValidator`` checks rules and ``LegacyTranslator`` builds
/// the `InferenceWorkload`. A field absent or `null` is `nil`.
public struct LegacyJob: Sendable, Equatable, Decodable {
    /// The job name; generated when absent.
    public var name: String?
    /// The project (required).
    public var project: String?
    /// The container image (required).
    public var image: String?
    /// The job type as sent: absent or `inference` for this gateway.
    public var type: String?
    /// The markdown docs' boolean form of the type.
    public var interactive: Bool?
    /// The command, as a string or a list.
    public var command: Command?
    /// The arguments, as a string or a list.
    public var arguments: Command?
    /// Environment variables; numbers and booleans are turned into their JSON text.
    public var environment: [String: String]?
    /// `Always`, `IfNotPresent` or `Never`.
    public var imagePullPolicy: String?
    /// The container's working directory.
    public var workingDir: String?
    /// Keep stdin open.
    public var stdin: Bool?
    /// Allocate a TTY.
    public var tty: Bool?
    /// Create a home directory for the user.
    public var createHomeDir: Bool?
    /// GPUs: a whole number, or a fraction between 0 and 1.
    public var gpu: Double?
    /// GPU memory, e.g. `4G`.
    public var gpuMemory: String?
    /// CPU request in cores.
    public var cpu: Double?
    /// CPU limit in cores.
    public var cpuLimit: Double?
    /// Memory request, e.g. `2G`.
    public var memory: String?
    /// Memory limit.
    public var memoryLimit: String?
    /// Mount a large `/dev/shm`.
    public var largeShm: Bool?
    /// Use the host's IPC namespace.
    public var hostIpc: Bool?
    /// Use the host's network.
    public var hostNetwork: Bool?
    /// Exposed ports.
    public var ports: [Port]?
    /// How the ports are exposed.
    public var serviceType: ServiceType?
    /// New persistent volume claims to mount.
    public var pvc: [PersistentVolumeClaim]?
    /// Host or NFS paths to mount (from `volumes`, or from the markdown `volume` map).
    public var volumes: [Volume]?
    /// Which of the two volume forms the request used.
    public var volumeForm: VolumeForm?
    /// Git repositories to sync into the container.
    public var gitSync: [GitSync]?
    /// Training only: retries before failing.
    public var backoffLimit: Int?
    /// Training only: successful completions needed.
    public var completions: Int?
    /// Training only: pods run in parallel.
    public var parallelism: Int?
    /// MPI only: processes to launch.
    public var processes: Int?
    /// Training only: an elastic job.
    public var elastic: Bool?
    /// Whether the job may be preempted.
    public var preemptible: Bool?
    /// Interactive only: run a Jupyter notebook.
    public var jupyter: Bool?
    /// Interactive only: the notebook's password.
    public var jupyterPassword: String?
    /// Distributed training only: an MPI job.
    public var mpi: Bool?
    /// Seconds to keep a finished job, from a number or a duration string.
    public var ttlAfterFinish: Int?
    /// Forbid privilege escalation in the container.
    public var preventPrivilegeEscalation: Bool?
    /// Run as a non-root user.
    public var runAsUser: Bool?
    /// The user id to run as.
    public var runAsUid: Int?
    /// The group id to run as.
    public var runAsGid: Int?
    /// The node type (node group) to run on.
    public var nodeType: String?
    /// The prefix of a generated name.
    public var jobNamePrefix: String?
    /// Share the GPU through NVIDIA MPS (the legacy CLI's `--mps`).
    public var mps: Bool?
    /// Replicas to run (the legacy CLI's `--replicas`).
    public var replicas: Int?

    /// Creates a job; every field defaults to absent.
    public init(name: String? = nil, project: String? = nil, image: String? = nil) {
        self.name = name
        self.project = project
        self.image = image
    }

    /// Decodes a job tolerantly; errors are ``LegacyAPIError``s naming the field.
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder), path: "job")
    }
}
