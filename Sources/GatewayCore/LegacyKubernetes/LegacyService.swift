import Foundation

/// The parts of a `v1` `Service` that legacy inference manifests use: its type, its ports and the
/// selector that pairs it with a ``LegacyDeployment``.
///
/// A Service supplies the legacy job's `ports` and `serviceType`; alone it translates to nothing.
public struct LegacyService: Sendable, Equatable {
    /// `v1`.
    public static let apiVersion = "v1"
    /// `Service`.
    public static let kind = "Service"
    /// `services`.
    public static let plural = "services"

    /// `spec.type`.
    public enum ServiceType: String, Sendable, Equatable, CaseIterable {
        /// `ClusterIP`, the default.
        case clusterIP = "ClusterIP"
        /// `NodePort`.
        case nodePort = "NodePort"
        /// `LoadBalancer`.
        case loadBalancer = "LoadBalancer"

        /// The legacy job's `serviceType`.
        var legacy: LegacyJob.ServiceType {
            switch self {
            case .clusterIP: .clusterIP
            case .nodePort: .nodePort
            case .loadBalancer: .loadBalancer
            }
        }
    }

    /// A `targetPort`: a number, or the name of a container port.
    public enum TargetPort: Sendable, Equatable {
        /// A port number.
        case number(Int)
        /// The `name` of a container port.
        case name(String)
    }

    /// One entry of `spec.ports`.
    public struct Port: Sendable, Equatable {
        /// `name`.
        public var name: String?
        /// `port`: the Service's own port.
        public var port: Int
        /// `targetPort`; the Service's `port` when absent.
        public var targetPort: TargetPort?
        /// `nodePort`, for `NodePort` and `LoadBalancer` Services.
        public var nodePort: Int?

        /// Creates a port.
        public init(name: String? = nil, port: Int, targetPort: TargetPort? = nil, nodePort: Int? = nil) {
            self.name = name
            self.port = port
            self.targetPort = targetPort
            self.nodePort = nodePort
        }
    }

    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`.
    public var namespace: String
    /// `metadata.labels`.
    public var labels: [String: String]
    /// `spec.type`.
    public var type: ServiceType
    /// `spec.selector`.
    public var selector: [String: String]
    /// `spec.ports`.
    public var ports: [Port]

    /// Creates a Service.
    public init(
        name: String,
        namespace: String,
        labels: [String: String] = [:],
        type: ServiceType = .clusterIP,
        selector: [String: String] = [:],
        ports: [Port] = []
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.type = type
        self.selector = selector
        self.ports = ports
    }

    /// Whether this Service belongs to `deployment`: same namespace, and the same name or a
    /// non-empty selector that the pod template's labels match.
    public func matches(_ deployment: LegacyDeployment) -> Bool {
        guard namespace == deployment.namespace else { return false }
        if name == deployment.name { return true }
        return !selector.isEmpty && selector.allSatisfy { deployment.template.labels[$0.key] == $0.value }
    }

    /// Whether this Service belongs to the Deployment manifest `json` (see ``matches(_:)``),
    /// judged from its name, namespace and pod labels alone, however the rest of it reads.
    public func matches(deploymentJSON json: JSONValue, namespace requestNamespace: String? = nil) -> Bool {
        let namespace = json[path: ["metadata", "namespace"]]?.stringValue ?? requestNamespace ?? ""
        guard self.namespace == namespace else { return false }
        if json[path: ["metadata", "name"]]?.stringValue == name { return true }
        let labels = json[path: ["spec", "template", "metadata", "labels"]]?.objectValue ?? [:]
        return !selector.isEmpty && selector.allSatisfy { labels[$0.key]?.stringValue == $0.value }
    }
}
