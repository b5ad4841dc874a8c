import Foundation

/// A legacy Deployment (and its Service) translated: the legacy submit it stands for and the
/// `InferenceWorkload` that submit becomes, made by ``LegacyTranslator`` exactly as for a REST submit.
public struct LegacyDeploymentSubmit: Sendable {
    /// The Deployment as read.
    public var deployment: LegacyDeployment
    /// The Service that supplied ports and service type, if one was paired.
    public var service: LegacyService?
    /// The project: from the `project` label, or from the namespace (`runai-<project>`).
    public var project: String
    /// The display user: the pod's (else the Deployment's) `user` annotation; `nil` when neither has one.
    public var user: String?
    /// The equivalent legacy submit, `{"job": {…}}`: what `SubmitWorkload` takes on the REST path,
    /// and whose `job` the record keeps as its legacy request.
    public var request: LegacySubmitRequest
    /// The workload the submit becomes (named after the Deployment, in its namespace).
    public var workload: InferenceWorkload
    /// What the translation kept in another form or left out on purpose, one sentence each, for
    /// `Warning: 299` headers (e.g. a NodePort Service's `port` when its `nodePort` is the external port).
    public var warnings: [String]
    /// Where each field of the legacy job came from in the manifests.
    var sources: [String: Source]

    /// The manifest field a legacy job field came from.
    struct Source: Sendable {
        /// `Deployment` or `Service`.
        var kind: String
        /// The field path in that object.
        var field: String
        /// The value sent there.
        var value: JSONValue?
    }

    /// The error of a later step of the submit (validation or translation run again by the submit
    /// use case) told in the manifest's fields: `job.gpu` becomes
    /// `spec.template.spec.containers[0].resources.limits[nvidia.com/gpu]`, `job.ports[0]` the
    /// Service's `spec.ports[0]`.
    ///
    /// Meant for the `4xx` errors that name a field (`400`, `422`); a `409` or `404` is better told
    /// as `AlreadyExists` or `NotFound` by the caller.
    public func refusal(for error: LegacyAPIError) -> ManifestRefusal {
        LegacyDeploymentTranslator.refusal(for: error, name: deployment.name, sources: sources)
    }
}
