/// The names under which the Cluster API serves `InferenceWorkload`s, and the label that marks
/// the gateway's own objects: the one home of these constants for every target.
///
/// The Kubernetes client is domain-agnostic; callers build its `KubernetesResource` from these.
extension InferenceWorkload {
    /// The API versions of `InferenceWorkload`, preferred first.
    public enum Version: String, Sendable, Equatable, CaseIterable {
        /// `v2alpha1`: the current version, which objects are stored at.
        case v2alpha1
        /// `v1alpha1`: the Run:ai 2.5-era version.
        case v1alpha1

        /// The preferred version.
        public static let preferred = Version.v2alpha1

        /// `run.ai/<version>`, as an object's `apiVersion`.
        public var apiVersion: String { "\(InferenceWorkload.group)/\(rawValue)" }
    }

    /// The API group.
    public static let group = "run.ai"
    /// The plural resource name: the URL segment, and `details.kind` of most `Status` errors.
    public static let plural = "inferenceworkloads"
    /// The kind's name.
    public static let kind = "InferenceWorkload"
    /// The kind of a list of them.
    public static let listKind = "InferenceWorkloadList"

    /// The label that marks objects this gateway owns.
    public static let managedByLabel = "app.kubernetes.io/managed-by"
    /// The gateway's name as the value of ``managedByLabel`` (and as its field manager).
    public static let managedByValue = "inference-gateway"
    /// `app.kubernetes.io/managed-by=inference-gateway`: the label selector of the gateway's objects.
    public static let managedBySelector = "\(managedByLabel)=\(managedByValue)"
}
