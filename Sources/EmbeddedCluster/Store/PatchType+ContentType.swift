import Foundation

extension PatchType {
    /// The media types a PATCH accepts, as the 415 message lists them.
    public static let acceptedContentTypes = [
        "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml",
    ]

    /// Chooses the patch type from a request's `Content-Type` and its `fieldManager`/`force` query parameters.
    ///
    /// Strategic merge patch is accepted only with `strategicMerge` (kinds that declare a
    /// ``ResourceKind/PatchStrategy/strategic(_:)`` patch strategy).
    /// - Throws: 415 UnsupportedMediaType for strategic merge patch otherwise (as for any custom resource) and
    ///   unknown types; 422 Invalid (`PatchOptions.meta.k8s.io`) for apply without `fieldManager`
    ///   or `force` on a non-apply patch.
    public init(contentType: String?, fieldManager: String?, force: Bool?, strategicMerge: Bool = false) throws(KubeStatusError) {
        let mediaType =
            (contentType ?? "").split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
        switch mediaType {
        case "application/merge-patch+json":
            self = .merge
        case "application/json-patch+json":
            self = .json
        case "application/strategic-merge-patch+json" where strategicMerge:
            self = .strategic
        case "application/apply-patch+yaml", "application/apply-patch+json":
            guard let fieldManager, !fieldManager.isEmpty else {
                throw .invalid(
                    kind: "PatchOptions",
                    group: "meta.k8s.io",
                    name: "",
                    [KubeStatusError.requiredValue("fieldManager", "is required for apply patch")]
                )
            }
            self = .apply(fieldManager: fieldManager, force: force ?? false)
            return
        default:
            let accepted = strategicMerge ? Self.acceptedContentTypes + ["application/strategic-merge-patch+json"] : Self.acceptedContentTypes
            throw .unsupportedMediaType(mediaType, accepted: accepted)
        }
        if force != nil {
            throw .invalid(
                kind: "PatchOptions",
                group: "meta.k8s.io",
                name: "",
                [KubeStatusError.forbiddenValue("force", "may not be specified for non-apply patch")]
            )
        }
    }
}
