extension KubeStatusError {
    /// 500 InternalError for a write refused because the gateway's disk is full: what a
    /// kube-apiserver answers when etcd runs out of space (`etcdserver: mvcc: database space
    /// exceeded`), so that clients treat it as the server error it is and retry later.
    /// Nothing of the request was written.
    public static let storageFull = internalError(
        "storage is full: the embedded cluster could not write, and nothing was changed; retry once space is freed"
    )
}
