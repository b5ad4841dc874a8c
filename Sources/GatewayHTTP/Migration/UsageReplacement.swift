import GatewayCore

/// What a client's latest legacy call becomes in the Cluster API: the `/migration` page shows one
/// per client, so that whoever owns that client sees the exact command to switch to.
///
/// Pure: the caller looks up the workload record of the client's last job (a submit's
/// replacement is that job's `InferenceWorkload`, applied as it was pushed).
struct UsageReplacement: Sendable, Equatable {
    /// The client.
    var client: String
    /// The legacy call, as the table names it (`submit team-a/inference1`).
    var legacy: String
    /// The Cluster-API request (`POST /apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads`).
    var request: String
    /// The `kubectl` command that does the same.
    var kubectl: String
    /// The object a submit becomes, as YAML; `nil` for other calls or when its record is gone.
    var object: String?
    /// Whether ``object`` is there (a stored property: templates see stored properties only).
    var hasObject: Bool

    /// The replacement of `client`'s most recent call in `report`, or `nil` when it has none.
    /// - Parameters:
    ///   - namespace: the namespace of a project's workloads.
    ///   - object: the YAML of the last job's `InferenceWorkload`, when the client's latest call was a submit.
    static func latest(
        of client: UsageReport.Client,
        in report: UsageReport,
        groupVersion: String,
        namespace: (String) -> String,
        object: String?
    ) -> UsageReplacement? {
        guard
            let usage = report.usage.filter({ $0.client == client.client }).max(by: { $0.lastSeen < $1.lastSeen }),
            let endpoint = LegacyEndpoint(rawValue: usage.endpoint)
        else { return nil }
        let job = usage.lastJob ?? client.lastJob
        let namespace = job?.project.map(namespace)
        let group = "/apis/\(groupVersion)"
        let named = job.map { " \($0.project.map { "\($0)/" } ?? "")\($0.name)" } ?? ""
        let legacy = "\(endpoint.rawValue)\(endpoint == .listJobs || endpoint == .version || endpoint == .listProjects ? "" : named)"
        let (request, kubectl): (String, String)
        switch (endpoint, namespace, job?.name) {
        case (.submit, let namespace?, let name?):
            (request, kubectl) = (
                "POST \(group)/namespaces/\(namespace)/inferenceworkloads",
                "kubectl apply --server-side -n \(namespace) -f \(name).yaml"
            )
        case (.delete, let namespace?, let name?):
            (request, kubectl) = (
                "DELETE \(group)/namespaces/\(namespace)/inferenceworkloads/\(name)",
                "kubectl delete inferenceworkload \(name) -n \(namespace)"
            )
        case (.getJob, let namespace?, let name?):
            (request, kubectl) = (
                "GET \(group)/namespaces/\(namespace)/inferenceworkloads/\(name)",
                "kubectl get inferenceworkload \(name) -n \(namespace) -o yaml"
            )
        case (.listProjectJobs, let namespace?, _):
            (request, kubectl) = ("GET \(group)/namespaces/\(namespace)/inferenceworkloads", "kubectl get inferenceworkloads -n \(namespace)")
        case (.submit, _, _):
            (request, kubectl) = ("POST \(group)/namespaces/NAMESPACE/inferenceworkloads", "kubectl apply --server-side -f workload.yaml")
        case (.listProjects, _, _):
            (request, kubectl) = ("GET /api/v1/namespaces", "kubectl get namespaces")
        case (.version, _, _):
            (request, kubectl) = ("GET /version", "kubectl version")
        default:
            (request, kubectl) = ("GET \(group)/inferenceworkloads", "kubectl get inferenceworkloads -A")
        }
        return UsageReplacement(
            client: client.client,
            legacy: legacy,
            request: request,
            kubectl: kubectl,
            object: endpoint == .submit ? object : nil,
            hasObject: endpoint == .submit && object != nil
        )
    }
}
