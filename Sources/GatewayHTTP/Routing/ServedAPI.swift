/// The API a request path belongs to. One port serves both, and their paths do not overlap:
/// the legacy paths are those of ``LegacyRoutes``, the Kubernetes ones those the embedded
/// cluster is mounted at (`/version`, `/api…`, `/apis…`, `/openapi…`) that are not legacy.
enum ServedAPI: Sendable, Equatable {
    /// The legacy Researcher REST API.
    case legacy
    /// The embedded Kubernetes API (when it is mounted).
    case kubernetes
    /// Neither: `/healthz`, `/readyz`, `/openapi.yaml`, unknown paths.
    case neither

    /// The API of `path` (which may carry its query); allocates nothing.
    init(path: String) {
        if LegacyRoutes.isLegacy(path) {
            self = .legacy
        } else if Self.kubernetesRoots.matches(path) {
            self = .kubernetes
        } else {
            self = .neither
        }
    }

    /// The first segments the embedded Kubernetes API is mounted under (`EmbeddedClusterAPI.addRoutes`).
    private static let kubernetesRoots = PathPrefixTree([["version"], ["api"], ["apis"], ["openapi"]])
}
