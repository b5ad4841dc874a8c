import Foundation

/// The rules a legacy job must meet before it becomes an `InferenceWorkload`.
///
/// Each rule throws a ``LegacyAPIError`` naming the field: `400` for a missing required field, `422`
/// for a value that breaks a rule or asks for something an `InferenceWorkload` cannot do. Fields are
/// checked in a fixed order, so the same job always gets the same error.
///
/// Zero values the legacy service treated as "not set" (Go's `0`, `false`, `""`) are accepted on
/// fields that have no inference equivalent: `{"backoffLimit": 0, "elastic": false}` is fine,
/// `{"backoffLimit": 3}` is a `422`.
public enum LegacyJobValidator {
    /// Checks a whole submission: the job, then the template.
    public static func validate(_ submission: LegacyJobSubmission, options: TranslationOptions = .init()) throws(LegacyAPIError) {
        try validate(submission.job, options: options)
        if let template = submission.template {
            try validate(template, against: submission.job)
        }
    }

    /// Checks a job.
    public static func validate(_ job: LegacyJob, options: TranslationOptions = .init()) throws(LegacyAPIError) {
        try validateKind(job)
        try validateProject(job, options: options)
        try validateText(job)
        guard let image = job.image, !image.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .missing(field: "job.image")
        }
        if image.contains(where: \.isWhitespace) {
            throw .invalid(
                field: "job.image",
                rule: "must not contain spaces",
                details: "job.image is \"\(image)\"; an image reference such as gcr.io/run-ai-demo/quickstart has no spaces."
            )
        }
        try validateName(job, options: options)
        try validateInferenceOnlyFields(job)
        try validateResources(job)
        try validateContainer(job)
        try validateExposure(job)
        try validateStorage(job)
        try validateScaling(job)
    }

    /// Checks that a template sent beside `job` adds nothing the job does not already say.
    ///
    /// A template beside `job` is accepted only when applying it could not change the result:
    /// empty, for the job's own project, and with values only for fields the job sets itself (the
    /// job's values win). To submit from a template, a client sends `{"template": …}` without
    /// `job` (``LegacySubmitRequest``).
    public static func validate(_ template: LegacyJobTemplate, against job: LegacyJob) throws(LegacyAPIError) {
        let unsupported =
            "A template beside job must not change it. Send {\"template\": {…}} without job to submit from a template, or put the values in job."
        if let name = template.name, !name.isEmpty {
            throw .unsupported(field: "template.name", details: "The request refers to template \"\(name)\". \(unsupported)")
        }
        if let settings = template.settingsName, !settings.isEmpty {
            throw .unsupported(field: "template.settingsName", details: "The request refers to settings \"\(settings)\". \(unsupported)")
        }
        if let project = template.project, !project.isEmpty, project != job.project {
            throw .invalid(
                field: "template.project",
                rule: "must be the job's project",
                details: "template.project is \"\(project)\" but job.project is \"\(job.project ?? "")\"."
            )
        }
        let specified = job.specifiedFields
        if let key = template.values.keys.sorted().first(where: { !specified.contains($0) }) {
            throw .unsupported(
                field: "template.values.\(key)",
                details:
                    "The template would set job.\(key), which the job does not set itself; a template beside job is not applied. Set job.\(key) instead, or send {\"template\": …} without job."
            )
        }
    }

    private static func validateKind(_ job: LegacyJob) throws(LegacyAPIError) {
        if job.interactive == true {
            throw wrongKind(field: "job.interactive", asked: "an interactive job", kind: "InteractiveWorkload")
        }
        guard let type = job.type?.lowercased(), !type.isEmpty, type != "inference" else { return }
        switch type {
        case "train", "training":
            throw wrongKind(field: "job.type", asked: "a training job", kind: "TrainingWorkload")
        case "interactive", "interactive-preemptible", "build":
            throw wrongKind(field: "job.type", asked: "an interactive job", kind: "InteractiveWorkload")
        default:
            throw .invalid(
                field: "job.type",
                rule: "must be inference",
                details:
                    "job.type is \"\(job.type ?? "")\"; this gateway serves inference workloads only, so job.type must be absent or \"inference\"."
            )
        }
    }

    static func wrongKind(field: String, asked: String, kind: String) -> LegacyAPIError {
        .invalid(
            field: field,
            rule: "this gateway serves inference workloads only",
            details:
                "The request asks for \(asked). This gateway serves inference workloads only; submit it to the Cluster API as a \(kind) (run.ai/v2alpha1) instead."
        )
    }

    private static func validateProject(_ job: LegacyJob, options: TranslationOptions) throws(LegacyAPIError) {
        guard let project = job.project, !project.isEmpty else { throw .missing(field: "job.project") }
        let namespace = options.namespace(for: project)
        guard KubernetesNames.isDNSLabel(project), KubernetesNames.isDNSLabel(namespace) else {
            throw .invalid(
                field: "job.project",
                rule: "must be a DNS-1123 label",
                details:
                    "job.project is \(LegacyNames.quoted(project)); a project name is lowercase letters, digits and '-', and its namespace \(LegacyNames.quoted(namespace)) must be at most 63 characters."
            )
        }
    }

    private static func validateName(_ job: LegacyJob, options: TranslationOptions) throws(LegacyAPIError) {
        let prefix = job.jobNamePrefix.flatMap { $0.isEmpty ? nil : $0 }
        if let name = job.name, !name.isEmpty {
            try JobNameGenerator.check(name: name, field: "job.name", maximumLength: options.maximumNameLength)
            if prefix != nil {
                throw .invalid(
                    field: "job.jobNamePrefix",
                    rule: "give name or jobNamePrefix, not both",
                    details: "job.name and job.jobNamePrefix are both set; an InferenceWorkload takes either a name or a name prefix."
                )
            }
        } else if let prefix {
            try JobNameGenerator.check(prefix: prefix, maximumLength: options.maximumNameLength)
        }
    }

    private static func validateInferenceOnlyFields(_ job: LegacyJob) throws(LegacyAPIError) {
        let training: [(String, Bool)] = [
            ("backoffLimit", (job.backoffLimit ?? 0) != 0),
            ("completions", (job.completions ?? 0) != 0),
            ("parallelism", (job.parallelism ?? 0) != 0),
            ("elastic", job.elastic == true),
            ("ttlAfterFinish", (job.ttlAfterFinish ?? 0) != 0),
        ]
        for (field, isSet) in training where isSet {
            throw .unsupported(
                field: "job.\(field)",
                details:
                    "job.\(field) applies to jobs that run to completion; an InferenceWorkload serves until it is deleted. Submit a TrainingWorkload (run.ai/v2alpha1) to the Cluster API for that."
            )
        }
        if job.mpi == true || (job.processes ?? 0) != 0 {
            let field = job.mpi == true ? "job.mpi" : "job.processes"
            throw .unsupported(
                field: field,
                details:
                    "\(field) asks for distributed (MPI) training, which an InferenceWorkload cannot run. Submit a DistributedWorkload (run.ai/v2alpha1) to the Cluster API for that."
            )
        }
        if job.jupyter == true || !(job.jupyterPassword ?? "").isEmpty {
            let field = job.jupyter == true ? "job.jupyter" : "job.jupyterPassword"
            throw .unsupported(
                field: field,
                details:
                    "\(field) asks for a Jupyter notebook, an interactive workload. Submit an InteractiveWorkload (run.ai/v2alpha1) to the Cluster API for that."
            )
        }
        if job.preemptible == true {
            throw .unsupported(
                field: "job.preemptible",
                details:
                    "Inference workloads are never preempted, and an InferenceWorkload has no field to make it preemptible. Omit job.preemptible."
            )
        }
        if job.preventPrivilegeEscalation == true {
            throw .unsupported(
                field: "job.preventPrivilegeEscalation",
                details:
                    "An InferenceWorkload has no field to forbid privilege escalation (TrainingWorkload and InteractiveWorkload have allowPrivilegeEscalation). Omit it, or enforce it with a policy."
            )
        }
    }
}
