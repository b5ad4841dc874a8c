extension LegacyJob {
    /// The names of the fields this job sets (non-nil), as the legacy API spells them.
    ///
    /// The volume field is reported under the name the request used (`volume` or `volumes`).
    public var specifiedFields: Set<String> {
        let fields: [(String, Bool)] = [
            ("name", name != nil), ("project", project != nil), ("image", image != nil), ("type", type != nil),
            ("interactive", interactive != nil), ("command", command != nil), ("arguments", arguments != nil),
            ("environment", environment != nil), ("imagePullPolicy", imagePullPolicy != nil),
            ("workingDir", workingDir != nil), ("stdin", stdin != nil), ("tty", tty != nil),
            ("createHomeDir", createHomeDir != nil), ("gpu", gpu != nil), ("gpuMemory", gpuMemory != nil),
            ("cpu", cpu != nil), ("cpuLimit", cpuLimit != nil), ("memory", memory != nil),
            ("memoryLimit", memoryLimit != nil), ("largeShm", largeShm != nil), ("hostIpc", hostIpc != nil),
            ("hostNetwork", hostNetwork != nil), ("ports", ports != nil), ("serviceType", serviceType != nil),
            ("pvc", pvc != nil), ((volumeForm ?? .list).rawValue, volumes != nil), ("gitSync", gitSync != nil),
            ("backoffLimit", backoffLimit != nil), ("completions", completions != nil),
            ("parallelism", parallelism != nil), ("processes", processes != nil), ("elastic", elastic != nil),
            ("preemptible", preemptible != nil), ("jupyter", jupyter != nil),
            ("jupyterPassword", jupyterPassword != nil), ("mpi", mpi != nil),
            ("ttlAfterFinish", ttlAfterFinish != nil), ("preventPrivilegeEscalation", preventPrivilegeEscalation != nil),
            ("runAsUser", runAsUser != nil), ("runAsUid", runAsUid != nil), ("runAsGid", runAsGid != nil),
            ("nodeType", nodeType != nil), ("jobNamePrefix", jobNamePrefix != nil), ("mps", mps != nil),
            ("replicas", replicas != nil),
        ]
        return Set(fields.filter(\.1).map(\.0))
    }
}
