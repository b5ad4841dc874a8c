import Foundation

/// Translates the Kubernetes half of the legacy inference API: a `Deployment` on `runai-scheduler`
/// (plus its `Service`) becomes the same legacy submit, and so the same `InferenceWorkload`, as a
/// REST `POST /api/v1/jobs`; and a workload is shown back as a `Deployment` and a `Service`.
///
/// ## How the API layer calls it
///
/// On a write of a Deployment (`create`, `replace`, `apply`, a patch once merged, `/scale`):
/// ```swift
/// let service = storedServices.first { (try? LegacyService(json: $0))?.matches(deploymentJSON: object) == true }
/// switch LegacyDeploymentTranslator.translate(deployment: object, service: service, namespace: urlNamespace) {
/// case .notOurs(let scheduler):   // another scheduler: store it / pass it through unchanged
/// case .refused(let refusal):     // answer refusal.statusObject (422 Invalid, details.causes); write nothing
/// case .translated(let submit):   // submit.request through SubmitWorkload, user submit.user, project submit.project;
///                                 // a later LegacyAPIError → submit.refusal(for:) ; submit.warnings → Warning: 299
/// }
/// ```
/// On a write of a Service: `try LegacyService(json:namespace:)` (its ``ManifestRefusal`` is the
/// 422), then translate again the Deployment it ``LegacyService/matches(_:)``, if one is stored.
///
/// On a read: ``LegacyWorkloadViews/deployment(of:state:)`` and ``LegacyWorkloadViews/service(of:state:)``
/// build the objects (spec from the `InferenceWorkload`, status from ``LegacyWorkloadState``, made
/// with ``LegacyWorkloadState/init(record:cluster:generation:)`` from the record and the object the
/// cluster last reported), for a workload submitted either way. To keep a stored manifest as applied
/// and only refresh its status, set `status` to ``LegacyWorkloadViews/deploymentStatus(name:replicas:state:)``.
/// The `scale` subresource answers ``LegacyWorkloadViews/scale(of:)`` of the Deployment.
///
/// Everything here is pure and deterministic: the same objects always give the same outcome, the
/// same causes in the same order, and (through ``InferenceWorkload/jsonData()``) the same bytes.
///
/// ## What maps to what
///
/// `metadata.name` → `job.name`; `spec.replicas` → `job.replicas` (→ `minScale`/`maxScale`);
/// the container's `image`, `command`, `args`, `env`, `workingDir`, `imagePullPolicy`, `stdin`,
/// `tty` → the same job fields; `resources.requests.cpu`/`memory` → `cpu`/`memory`,
/// `resources.limits.cpu`/`memory` → `cpuLimit`/`memoryLimit`; `limits[nvidia.com/gpu]`
/// (a whole number, or a quoted fraction) or the `gpu-fraction` pod annotation → `gpu`;
/// `gpu-memory` → `gpuMemory` (a bare number is MiB, as the CLI wrote it); `mps: "true"` → `mps`;
/// `securityContext.runAsUser`/`runAsGroup`/`runAsNonRoot` → `runAsUid`/`runAsGid`/`runAsUser`;
/// `nodeSelector[run.ai/type]` → `nodeType`; `hostIPC`/`hostNetwork` → `hostIpc`/`hostNetwork`;
/// `hostPath` and `nfs` volumes (with their mounts) → `volumes`; a Memory `emptyDir` at `/dev/shm`
/// → `largeShm`; the Service's `type` → `serviceType`, and each Service port → a job port
/// (`container` = `targetPort`, `external` = the `nodePort` of a NodePort Service, else `port`
/// when it differs); without a Service the container's ports are the job's ports.
public enum LegacyDeploymentTranslator {
    /// What became of a Deployment.
    public enum Outcome: Sendable {
        /// It runs on Run:ai: the legacy submit and the workload it becomes.
        case translated(LegacyDeploymentSubmit)
        /// Its `schedulerName` is not `runai-scheduler` (the value, `nil` when absent): not a Run:ai
        /// workload, so not the gateway's to translate; pass it through unchanged.
        case notOurs(schedulerName: String?)
        /// It is a Run:ai workload, but one the legacy submit cannot express (or its Service is invalid).
        case refused(ManifestRefusal)
    }

    /// Translates a Deployment manifest and, when given, the Service paired with it.
    /// - Parameters:
    ///   - deployment: the Deployment object as sent (or as stored after a patch).
    ///   - service: the matching Service object, if one is stored; its refusal refuses the pair.
    ///   - namespace: the request's namespace, for objects without `metadata.namespace`.
    ///   - options: the same options the REST path translates with.
    public static func translate(
        deployment: JSONValue,
        service: JSONValue? = nil,
        namespace: String? = nil,
        options: TranslationOptions = .init()
    ) -> Outcome {
        let scheduler = LegacyDeployment.schedulerName(of: deployment)
        guard scheduler == LegacyDeployment.runaiScheduler else { return .notOurs(schedulerName: scheduler) }
        let (parsed, causes) = LegacyDeployment.read(deployment, namespace: namespace)
        do throws(ManifestRefusal) {
            var paired: LegacyService?
            do throws(ManifestRefusal) {
                paired = try service.map { json throws(ManifestRefusal) in
                    try LegacyService(json: json, namespace: parsed?.namespace ?? namespace)
                }
            } catch {
                // The Deployment's own causes come first; a clean Deployment is refused for its Service.
                if causes.isEmpty { throw error }
            }
            guard let parsed else { throw refused(deployment, causes) }
            return .translated(try translate(parsed, service: paired, options: options, readingCauses: causes))
        } catch {
            return .refused(error)
        }
    }

    private static func refused(_ json: JSONValue, _ causes: [ManifestCause]) -> ManifestRefusal {
        let name = json[path: ["metadata", "name"]]?.stringValue ?? ""
        return ManifestRefusal(kind: LegacyDeployment.kind, group: LegacyDeployment.group, name: name, causes: causes)
    }

    /// Translates a Deployment already read (a ``LegacyDeployment`` on `runai-scheduler`).
    /// - Throws: ``ManifestRefusal`` with every cause the manifests give, or the first rule of the
    ///   legacy submit they break, told in the manifest's fields.
    public static func translate(
        _ deployment: LegacyDeployment,
        service: LegacyService?,
        options: TranslationOptions = .init()
    ) throws(ManifestRefusal) -> LegacyDeploymentSubmit {
        try translate(deployment, service: service, options: options, readingCauses: [])
    }

    private static func translate(
        _ deployment: LegacyDeployment,
        service: LegacyService?,
        options: TranslationOptions,
        readingCauses: [ManifestCause]
    ) throws(ManifestRefusal) -> LegacyDeploymentSubmit {
        var builder = LegacyJobBuilder(deployment: deployment, service: service, options: options)
        builder.build()
        let causes = readingCauses + builder.causes
        guard causes.isEmpty, let project = builder.project else {
            throw ManifestRefusal(kind: LegacyDeployment.kind, group: LegacyDeployment.group, name: deployment.name, causes: causes)
        }
        let job = JSONValue.object(builder.job)
        do throws(LegacyAPIError) {
            let request = try LegacySubmitRequest(json: ["job": job], templates: nil)
            let workload = try LegacyTranslator.translate(
                submission: request.submission,
                name: deployment.name,
                user: builder.user,
                namespace: deployment.namespace,
                options: options
            )
            return LegacyDeploymentSubmit(
                deployment: deployment,
                service: service,
                project: project,
                user: builder.user,
                request: request,
                workload: workload,
                warnings: builder.warnings,
                sources: builder.sources
            )
        } catch {
            throw refusal(for: error, name: deployment.name, sources: builder.sources)
        }
    }

    /// `error`, about a field of the legacy job, as a refusal naming the manifest field it came from.
    static func refusal(for error: LegacyAPIError, name: String, sources: [String: LegacyDeploymentSubmit.Source]) -> ManifestRefusal {
        let jobField = error.field ?? "job"
        var key = jobField
        var source = sources[key]
        while source == nil, let cut = key.lastIndex(where: { $0 == "." || $0 == "[" }) {
            key = String(key[..<cut])
            source = sources[key]
        }
        let field = source?.field ?? "spec.template.spec.containers[0]"
        let prefix = "\(jobField): "
        var rule = error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message
        let reason: ManifestCause.Reason
        if rule.hasSuffix("not supported for inference workloads") {
            reason = .forbidden
            rule = error.details
        } else if error.status == 400, rule == "required" {
            reason = .required
            rule = "required"
        } else {
            reason = .invalid
        }
        if let kind = source?.kind, kind != LegacyDeployment.kind { rule += " (in the \(kind) paired with this Deployment)" }
        let value = reason == .invalid ? source?.value?.compactString : nil
        let cause = ManifestCause(reason: reason, field: field, rule: rule, value: value)
        return ManifestRefusal(kind: LegacyDeployment.kind, group: LegacyDeployment.group, name: name, causes: [cause])
    }
}
