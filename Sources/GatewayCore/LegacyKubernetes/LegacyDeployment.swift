import Foundation

/// The parts of an `apps/v1` `Deployment` that legacy inference manifests use (reference §2):
/// one container on `runai-scheduler`, its image, command, environment, resources, ports and
/// mounts, the replica count, and the pod annotations Run:ai reads (`user`, `gpu-fraction`,
/// `gpu-memory`, `mps`).
///
/// Read from a manifest with ``init(json:namespace:)``, which refuses every field it has no place
/// for; written back with ``jsonValue`` (the reverse view builds one from an `InferenceWorkload`).
public struct LegacyDeployment: Sendable, Equatable {
    /// `apps/v1`.
    public static let apiVersion = "apps/v1"
    /// `Deployment`.
    public static let kind = "Deployment"
    /// `apps`.
    public static let group = "apps"
    /// `deployments`.
    public static let plural = "deployments"
    /// The scheduler that marks a Deployment as a Run:ai workload.
    public static let runaiScheduler = "runai-scheduler"
    /// The pod annotation naming the user.
    public static let userAnnotation = "user"
    /// The pod annotation asking for a fraction of a GPU (`"0.5"`), the older form of a fractional limit.
    public static let gpuFractionAnnotation = "gpu-fraction"
    /// The pod annotation asking for GPU memory (a quantity; a bare number is MiB, as the CLI wrote it).
    public static let gpuMemoryAnnotation = "gpu-memory"
    /// The pod annotation turning on NVIDIA MPS (`"true"`).
    public static let mpsAnnotation = "mps"
    /// The pod label (or Deployment label) naming the project.
    public static let projectLabel = "project"
    /// The resource name of whole (or, quoted, fractional) GPUs.
    public static let gpuResource = "nvidia.com/gpu"
    /// The node selector key of the node type.
    public static let nodeTypeSelector = "run.ai/type"

    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`.
    public var namespace: String
    /// `metadata.labels`.
    public var labels: [String: String]
    /// `metadata.annotations`.
    public var annotations: [String: String]
    /// `spec.replicas`; 1 when absent, as Kubernetes defaults it.
    public var replicas: Int
    /// `spec.selector.matchLabels`.
    public var selector: [String: String]
    /// `spec.template`.
    public var template: PodTemplate

    /// Creates a Deployment.
    public init(
        name: String,
        namespace: String,
        labels: [String: String] = [:],
        annotations: [String: String] = [:],
        replicas: Int = 1,
        selector: [String: String] = [:],
        template: PodTemplate
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
        self.replicas = replicas
        self.selector = selector
        self.template = template
    }

    /// `spec.template`: the pod's labels, annotations and spec.
    public struct PodTemplate: Sendable, Equatable {
        /// `metadata.labels` (what a Service's selector matches).
        public var labels: [String: String]
        /// `metadata.annotations` (`user`, `gpu-fraction`, `gpu-memory`, `mps`).
        public var annotations: [String: String]
        /// `spec.schedulerName`; `runai-scheduler` for a Run:ai workload.
        public var schedulerName: String?
        /// `spec.nodeSelector` (only `run.ai/type`).
        public var nodeSelector: [String: String]
        /// `spec.hostIPC`.
        public var hostIPC: Bool?
        /// `spec.hostNetwork`.
        public var hostNetwork: Bool?
        /// `spec.containers[0]`: the one container.
        public var container: Container
        /// `spec.volumes`.
        public var volumes: [Volume]

        /// Creates a pod template.
        public init(
            labels: [String: String] = [:],
            annotations: [String: String] = [:],
            schedulerName: String? = LegacyDeployment.runaiScheduler,
            nodeSelector: [String: String] = [:],
            hostIPC: Bool? = nil,
            hostNetwork: Bool? = nil,
            container: Container,
            volumes: [Volume] = []
        ) {
            self.labels = labels
            self.annotations = annotations
            self.schedulerName = schedulerName
            self.nodeSelector = nodeSelector
            self.hostIPC = hostIPC
            self.hostNetwork = hostNetwork
            self.container = container
            self.volumes = volumes
        }
    }

    /// The one container of the pod.
    public struct Container: Sendable, Equatable {
        /// `name`.
        public var name: String
        /// `image`.
        public var image: String
        /// `imagePullPolicy`.
        public var imagePullPolicy: String?
        /// `command`.
        public var command: [String]?
        /// `args`.
        public var args: [String]?
        /// `env`, literal values only, in order.
        public var env: [EnvVar]
        /// `workingDir`.
        public var workingDir: String?
        /// `resources.requests`: `cpu`, `memory`, `nvidia.com/gpu`, as sent.
        public var requests: [String: JSONValue]
        /// `resources.limits`: `cpu`, `memory`, `nvidia.com/gpu`, as sent.
        public var limits: [String: JSONValue]
        /// `ports`.
        public var ports: [ContainerPort]
        /// `volumeMounts`.
        public var volumeMounts: [VolumeMount]
        /// `stdin`.
        public var stdin: Bool?
        /// `tty`.
        public var tty: Bool?
        /// `securityContext.runAsUser`.
        public var runAsUser: Int?
        /// `securityContext.runAsGroup`.
        public var runAsGroup: Int?
        /// `securityContext.runAsNonRoot`.
        public var runAsNonRoot: Bool?

        /// Creates a container.
        public init(name: String, image: String) {
            self.name = name
            self.image = image
            self.env = []
            self.requests = [:]
            self.limits = [:]
            self.ports = []
            self.volumeMounts = []
        }
    }

    /// One `env` entry with a literal value.
    public struct EnvVar: Sendable, Equatable {
        /// `name`.
        public var name: String
        /// `value` (`""` when absent).
        public var value: String

        /// Creates a variable.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One container port.
    public struct ContainerPort: Sendable, Equatable {
        /// `containerPort`.
        public var containerPort: Int
        /// `name`, which a Service's `targetPort` may refer to.
        public var name: String?

        /// Creates a port.
        public init(containerPort: Int, name: String? = nil) {
            self.containerPort = containerPort
            self.name = name
        }
    }

    /// One `volumeMounts` entry.
    public struct VolumeMount: Sendable, Equatable {
        /// `name`: the volume mounted.
        public var name: String
        /// `mountPath`.
        public var mountPath: String
        /// `readOnly`.
        public var readOnly: Bool?

        /// Creates a mount.
        public init(name: String, mountPath: String, readOnly: Bool? = nil) {
            self.name = name
            self.mountPath = mountPath
            self.readOnly = readOnly
        }
    }

    /// One `volumes` entry of a kind a legacy job can carry.
    public struct Volume: Sendable, Equatable {
        /// Where the volume's contents come from.
        public enum Source: Sendable, Equatable {
            /// `hostPath.path`.
            case hostPath(String)
            /// `nfs.server` and `nfs.path`.
            case nfs(server: String, path: String)
            /// `emptyDir: {medium: Memory}` mounted at `/dev/shm`: the legacy `largeShm`.
            case sharedMemory
        }

        /// `name`.
        public var name: String
        /// The source.
        public var source: Source

        /// Creates a volume.
        public init(name: String, source: Source) {
            self.name = name
            self.source = source
        }
    }
}
