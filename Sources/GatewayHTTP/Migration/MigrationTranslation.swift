import Foundation
import GatewayCore
import Yams

/// The exact replacement for a legacy call: the `InferenceWorkload` a legacy submit body (or a
/// legacy `Deployment` + `Service` manifest) becomes, the `kubectl apply` and `curl` commands that
/// create it through the Cluster API, and what each legacy field became. Pure: stores nothing;
/// `POST /api/v1/migration/translate` and `inference-gateway translate` both call it.
public struct MigrationTranslation: Encodable, Sendable {
    /// One legacy field and what it became.
    public struct Field: Encodable, Sendable, Equatable {
        /// The legacy field (`job.gpu`).
        public var legacy: String
        /// The value it had.
        public var value: JSONValue
        /// The workload fields it became (`spec.gpu`); empty when it has no field of its own (`job.type`).
        public var became: [String]
    }

    /// The input kind: `submit` (a `{"job"}` or `{"template"}` body) or `manifest`.
    public var input: String
    /// The `InferenceWorkload`.
    public var workload: InferenceWorkload
    /// A shell command that creates it with `kubectl apply`.
    public var kubectlApply: String
    /// A shell command that creates it with `curl` against the Cluster API.
    public var curl: String
    /// Every legacy field of the input and what it became.
    public var fields: [Field]

    /// Why a translation was refused: the legacy 4xx of a submit, or the `422 Invalid` Status of a manifest.
    public enum Refusal: Error, Sendable {
        case submit(LegacyAPIError)
        case manifest(status: Int, body: JSONValue)
    }

    /// Translates `body`: a legacy submit body (JSON), or manifests (a `Deployment`, optionally with
    /// its `Service`: JSON, a `List`, or YAML documents).
    /// - Parameters:
    ///   - clusterBaseURL: where the Cluster API answers, for the `curl` command.
    /// - Throws: ``Refusal``: what a submit (or a `kubectl apply` of the manifest) would answer.
    public static func translate(
        body: Data,
        templates: [JobTemplateDefinition]?,
        user: String?,
        options: TranslationOptions,
        clusterBaseURL: String
    ) throws(Refusal) -> MigrationTranslation {
        let documents = Self.documents(body)
        if documents.count == 1, let json = documents.first, json[path: ["kind"]] == nil {
            let workload: InferenceWorkload
            do {
                workload = try LegacyTranslator.translate(body: body, templates: templates, user: user, options: options)
            } catch {
                throw .submit(error)
            }
            // The job's own fields when it has them, the template's otherwise (never whichever a dictionary yields first).
            let legacy = ["job", "template"].lazy.compactMap { key in json[path: [key]].map { (key, $0) } }.first
            let fields = legacy.map { key, value in MigrationFieldMap.fields(of: value, prefix: key, workload: workload) } ?? []
            return MigrationTranslation(input: "submit", workload: workload, baseURL: clusterBaseURL, fields: fields)
        }
        if documents.isEmpty {
            do {
                _ = try LegacyRequestDecoder.parse(body)
            } catch {
                throw .submit(error)
            }
        }
        let objects = documents.flatMap { $0[path: ["kind"]]?.stringValue == "List" ? $0[path: ["items"]]?.arrayValue ?? [] : [$0] }
        guard let deployment = objects.first(where: { $0[path: ["kind"]]?.stringValue == "Deployment" }) else {
            throw .submit(
                LegacyAPIError(
                    status: 422,
                    message: "kind: a manifest must hold a Deployment",
                    details: "Send a legacy submit body ({\"job\": …}) or a Deployment on runai-scheduler, optionally with its Service.",
                    field: "kind"
                )
            )
        }
        let service = objects.first { $0[path: ["kind"]]?.stringValue == "Service" }
        switch LegacyDeploymentTranslator.translate(deployment: deployment, service: service, options: options) {
        case .refused(let refusal):
            throw .manifest(status: ManifestRefusal.code, body: refusal.statusObject)
        case .notOurs(let scheduler):
            throw .submit(
                LegacyAPIError(
                    status: 422,
                    message: "spec.template.spec.schedulerName: must be runai-scheduler",
                    details: "The Deployment runs on \(scheduler ?? "the default scheduler"): it is not a Run:ai workload.",
                    field: "spec.template.spec.schedulerName"
                )
            )
        case .translated(let submit):
            let job = submit.request.job
            let fields = MigrationFieldMap.fields(of: job, prefix: "job", workload: submit.workload)
            return MigrationTranslation(input: "manifest", workload: submit.workload, baseURL: clusterBaseURL, fields: fields)
        }
    }

    private init(input: String, workload: InferenceWorkload, baseURL: String, fields: [Field]) {
        self.input = input
        self.workload = workload
        self.fields = fields
        let yaml = Self.yaml(workload)
        kubectlApply = "kubectl apply --server-side --field-manager=\(TranslationOptions().managedBy) -f - <<'EOF'\n\(yaml)EOF"
        let encoder = InferenceWorkload.makeEncoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        let json = (try? encoder.encode(workload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let collection = "\(base)/apis/\(workload.apiVersion)/namespaces/\(workload.metadata.namespace)/inferenceworkloads"
        curl =
            "curl -sS -X POST -H 'Content-Type: application/json' -H \"Authorization: Bearer $TOKEN\" "
            + "--data-binary @- '\(collection)' <<'EOF'\n\(json)\nEOF"
    }

    /// The workload as YAML, keys sorted.
    static func yaml(_ workload: InferenceWorkload) -> String {
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        return (try? encoder.encode(workload)) ?? ""
    }

    /// The input's JSON or YAML documents; empty when it is neither.
    private static func documents(_ body: Data) -> [JSONValue] {
        if let json = try? JSONValue(parsing: body) { return [json] }
        guard let text = String(data: body, encoding: .utf8), let loaded = try? Yams.load_all(yaml: text) else { return [] }
        var documents: [JSONValue] = []
        for document in loaded {
            guard let data = try? JSONSerialization.data(withJSONObject: document), let json = try? JSONValue(parsing: data) else {
                return []
            }
            documents.append(json)
        }
        return documents
    }
}
