/// A container's image pull policy, as Kubernetes spells it.
public enum ImagePullPolicy: String, Sendable, CaseIterable {
    /// Pull on every start.
    case always = "Always"
    /// Pull when the node lacks the image.
    case ifNotPresent = "IfNotPresent"
    /// Never pull.
    case never = "Never"

    /// Reads a policy in any letter case (`always`, `ifNotPresent`, `IfNotPresent`).
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else { return nil }
        self = match
    }
}
