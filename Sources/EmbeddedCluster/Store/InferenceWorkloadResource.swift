import GatewayCore

/// The one resource the embedded cluster serves: `inferenceworkloads.run.ai`, namespaced.
///
/// Objects are stored once, at ``storageVersion``; every version in ``servedVersions`` reads and
/// writes the same objects (CRD conversion strategy `None`: only `apiVersion` differs). The API
/// layer sets `apiVersion` of objects it returns to the version of the request URL with
/// ``converted(_:to:)``.
public enum InferenceWorkloadResource {
    /// The API group.
    public static let group = InferenceWorkload.group
    /// The plural resource name (URL segment, `details.kind` of most `Status` errors).
    public static let plural = InferenceWorkload.plural
    /// The singular resource name.
    public static let singular = "inferenceworkload"
    /// The object kind.
    public static let kind = InferenceWorkload.kind
    /// The list kind.
    public static let listKind = InferenceWorkload.listKind
    /// Short names kubectl accepts (`kubectl get iw`).
    public static let shortNames = ["iw"]
    /// The versions served, preferred first.
    public static let servedVersions = InferenceWorkload.Version.allCases.map(\.rawValue)
    /// The version objects are stored at.
    public static let storageVersion = InferenceWorkload.Version.preferred.rawValue
    /// `inferenceworkloads.run.ai`, as error messages name the resource.
    public static let qualifiedResource = "\(plural).\(group)"
    /// `InferenceWorkload.run.ai`, as `Invalid` messages name the kind.
    public static let qualifiedKind = "\(kind).\(group)"

    /// `run.ai/<version>`.
    public static func apiVersion(_ version: String = storageVersion) -> String {
        "\(group)/\(version)"
    }

    /// Whether `apiVersion` (`run.ai/v2alpha1`) names a served version.
    public static func isServed(apiVersion: String) -> Bool {
        servedVersions.contains { Self.apiVersion($0) == apiVersion }
    }
}
