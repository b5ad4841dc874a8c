import GatewayCore

extension LabelSelector {
    /// The selector text of a `metav1.LabelSelector` object (`matchLabels`, `matchExpressions`), as
    /// `Scale.status.selector` and `kubectl describe` show it: `app=demo,tier in (a,b)`.
    public static func text(of selector: JSONValue) -> String {
        var terms: [String] = []
        for (key, value) in (selector["matchLabels"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            terms.append("\(key)=\(value.stringValue ?? value.compactString)")
        }
        for expression in selector["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue).sorted().joined(separator: ",")
            switch expression["operator"]?.stringValue {
            case "In": terms.append("\(key) in (\(values))")
            case "NotIn": terms.append("\(key) notin (\(values))")
            case "Exists": terms.append(key)
            case "DoesNotExist": terms.append("!\(key)")
            default: continue
            }
        }
        return terms.joined(separator: ",")
    }
}
