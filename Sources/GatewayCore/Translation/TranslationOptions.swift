import Foundation

/// How legacy jobs become `InferenceWorkload`s: the choices a deployment may change.
public struct TranslationOptions: Sendable, Equatable {
    /// The Cluster-API version to emit.
    ///
    /// Its raw value is the full `apiVersion` (`run.ai/v2alpha1`); the versions themselves are
    /// ``InferenceWorkload/Version``'s.
    public enum APIVersion: Sendable, Equatable, CaseIterable, RawRepresentable {
        /// `run.ai/v2alpha1`, current since Run:ai 2.5's successors; the default.
        case v2alpha1
        /// `run.ai/v1alpha1`, the 2.5-era version.
        case v1alpha1

        /// The version inside the `run.ai` group.
        public var version: InferenceWorkload.Version {
            switch self {
            case .v2alpha1: .v2alpha1
            case .v1alpha1: .v1alpha1
            }
        }

        /// `run.ai/v2alpha1` or `run.ai/v1alpha1`.
        public var rawValue: String { version.apiVersion }

        /// Reads `run.ai/v2alpha1` or `run.ai/v1alpha1`.
        public init?(rawValue: String) {
            guard let version = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
            self = version
        }

        /// Reads `v2alpha1`, `run.ai/v2alpha1`, `v1alpha1` or `run.ai/v1alpha1`.
        public init?(name: String) {
            let prefix = "\(InferenceWorkload.group)/"
            self.init(rawValue: name.hasPrefix(prefix) ? name : prefix + name)
        }
    }

    /// The label every translated object carries with the project name.
    public static let projectLabel = "project"
    /// The label that marks objects this gateway owns (``InferenceWorkload/managedByLabel``).
    public static let managedByLabel = InferenceWorkload.managedByLabel
    /// The placeholder in ``namespacePattern`` replaced by the project name.
    public static let projectPlaceholder = "{project}"

    /// The Cluster-API version to emit; `run.ai/v2alpha1` by default.
    public var apiVersion: APIVersion
    /// The namespace of a project's workloads; `{project}` is replaced. Default `runai-{project}`, as Run:ai does.
    public var namespacePattern: String
    /// The value of the `app.kubernetes.io/managed-by` label; default `inference-gateway`.
    public var managedBy: String
    /// The longest job name accepted; default 63 (a Kubernetes object name is a DNS-1123 label).
    ///
    /// The legacy CLI allowed 49 characters and the old Deployment-based inference path 18 for
    /// fractional GPUs; neither limit applies to an `InferenceWorkload`, so the gateway keeps the
    /// object-name limit and lets a deployment lower it here.
    public var maximumNameLength: Int

    /// Creates options; every argument has the default described on its property.
    public init(
        apiVersion: APIVersion = .v2alpha1,
        namespacePattern: String = "runai-{project}",
        managedBy: String = InferenceWorkload.managedByValue,
        maximumNameLength: Int = 63
    ) {
        self.apiVersion = apiVersion
        self.namespacePattern = namespacePattern
        self.managedBy = managedBy
        self.maximumNameLength = maximumNameLength
    }

    /// The namespace of `project`'s workloads.
    public func namespace(for project: String) -> String {
        namespacePattern.replacingOccurrences(of: Self.projectPlaceholder, with: project)
    }
}
