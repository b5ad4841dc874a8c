import Foundation
import GatewayCore
import Testing

/// A legacy Deployment goes through the REST path's own translation: the same legacy submit, the
/// same `InferenceWorkload` bytes, and the REST path's rules told in the manifest's fields.
@Suite struct LegacyKubernetesReuseTests {
    static let deployment: JSONValue = [
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": ["name": "inference1", "namespace": "runai-team-a"],
        "spec": [
            "replicas": 1, "selector": ["matchLabels": ["app": "inference1"]],
            "template": [
                "metadata": ["labels": ["app": "inference1"], "annotations": ["user": "john"]],
                "spec": [
                    "schedulerName": "runai-scheduler", "nodeSelector": ["run.ai/type": "dgx"],
                    "containers": [
                        [
                            "name": "inference1", "image": "gcr.io/run-ai-demo/quickstart-inference-marian",
                            "env": [["name": "BATCH_SIZE", "value": "50"]], "ports": [["containerPort": 8888]],
                            "resources": ["requests": ["cpu": "1", "memory": "2G"], "limits": ["nvidia.com/gpu": "0.5"]],
                        ]
                    ],
                ],
            ],
        ],
    ]
    static let service: JSONValue = [
        "apiVersion": "v1", "kind": "Service", "metadata": ["name": "inference1", "namespace": "runai-team-a"],
        "spec": ["type": "NodePort", "selector": ["app": "inference1"], "ports": [["port": 8888, "targetPort": 8888, "nodePort": 30088]]],
    ]

    static func submit(_ deployment: JSONValue = deployment, service: JSONValue? = service) throws -> LegacyDeploymentSubmit {
        guard case .translated(let submit) = LegacyDeploymentTranslator.translate(deployment: deployment, service: service) else {
            throw LegacyAPIError(status: 500, message: "not translated", details: "")
        }
        return submit
    }

    @Test func theWorkedExampleAsDeploymentAndServiceGivesTheSameBytesAsItsRESTSubmit() throws {
        let body = Data(
            #"""
            {"job":{"name":"inference1","project":"team-a","type":"inference","image":"gcr.io/run-ai-demo/quickstart-inference-marian",
             "gpu":0.5,"cpu":1,"memory":"2G","environment":{"BATCH_SIZE":"50"},
             "ports":[{"container":8888,"external":30088}],"serviceType":"nodeport","nodeType":"dgx"}}
            """#.utf8
        )
        let rest = try LegacyTranslator.translate(body: body, user: "john")
        let submit = try Self.submit()
        #expect(try submit.workload.jsonData() == rest.jsonData())
    }

    @Test func theSubmitRequestIsALegacyJobTheSubmitUseCaseCanTakeAndTheRecordCanKeep() throws {
        let submit = try Self.submit()
        let job = submit.request.submission.job
        #expect(job.name == "inference1")
        #expect(job.project == "team-a")
        #expect(job.gpu == 0.5)
        #expect(job.serviceType == .nodePort)
        #expect(job.replicas == 1)
        #expect(submit.request.template == nil)
        // What the record stores as legacyRequest reads back as the same job.
        let stored = try LegacyJob(json: JSONValue(parsing: Data(submit.request.job.compactString.utf8)))
        #expect(stored == job)
        let again = try LegacyTranslator.translate(submission: submit.request.submission, name: "inference1", user: submit.user)
        #expect(again == submit.workload)
    }

    @Test func anErrorOfALaterSubmitStepIsToldAtTheManifestFieldItCameFrom() throws {
        let submit = try Self.submit()
        let gpu = submit.refusal(for: .invalid(field: "job.gpu", rule: "must be at most 0.5 here", details: "…"))
        #expect(gpu.causes.map(\.field) == ["spec.template.spec.containers[0].resources.limits[nvidia.com/gpu]"])
        #expect(gpu.causes.first?.message == #"Invalid value: "0.5": must be at most 0.5 here"#)
        let port = submit.refusal(for: .invalid(field: "job.ports[0].external", rule: "must be free", details: "…"))
        #expect(port.causes.first?.field == "spec.ports[0]")
        #expect(port.causes.first?.message.contains("in the Service paired with this Deployment") == true)
        let variable = submit.refusal(for: .invalid(field: "job.environment.BATCH_SIZE", rule: "bad", details: "…"))
        #expect(variable.causes.first?.field == "spec.template.spec.containers[0].env[0].name")
        let name = submit.refusal(for: .alreadyExists(name: "inference1", project: "team-a"))
        #expect(name.causes.first?.field == "metadata.name")
        #expect(name.message.hasPrefix(#"Deployment.apps "inference1" is invalid: metadata.name: "#))
    }

    @Test func aDeploymentWithoutAUserAnnotationHasNoUserAndTheDeploymentsOwnAnnotationIsTheFallback() throws {
        var deployment = Self.deployment
        deployment[path: ["spec", "template", "metadata", "annotations"]] = [:]
        #expect(try Self.submit(deployment).user == nil)
        #expect(try Self.submit(deployment).workload.spec.username == nil)
        deployment[path: ["metadata", "annotations"]] = ["user": "jane"]
        #expect(try Self.submit(deployment).user == "jane")
    }

    @Test func theProjectLabelMustAgreeWithTheNamespace() throws {
        var deployment = Self.deployment
        deployment[path: ["spec", "template", "metadata", "labels", "project"]] = "team-b"
        guard case .refused(let refusal) = LegacyDeploymentTranslator.translate(deployment: deployment) else {
            Issue.record("a project label of another project was accepted")
            return
        }
        #expect(refusal.causes.map(\.field) == ["spec.template.metadata.labels[project]"])
        #expect(refusal.causes[0].message.contains("runai-team-a is project team-a's namespace"))
    }

    @Test func theNamespaceOfTheRequestIsUsedWhenTheManifestNamesNone() throws {
        var deployment = Self.deployment
        deployment[path: ["metadata", "namespace"]] = nil
        guard case .translated(let submit) = LegacyDeploymentTranslator.translate(deployment: deployment, namespace: "runai-team-c") else {
            Issue.record("not translated")
            return
        }
        #expect(submit.project == "team-c")
        #expect(submit.workload.metadata.namespace == "runai-team-c")
    }

    @Test func theRefusalIsTheStatusTheAPIServerAnswersWith() throws {
        var deployment = Self.deployment
        deployment[path: ["spec", "template", "spec", "initContainers"]] = [["name": "a", "image": "b"]]
        guard case .refused(let refusal) = LegacyDeploymentTranslator.translate(deployment: deployment) else {
            Issue.record("an init container was accepted")
            return
        }
        let status = refusal.statusObject
        #expect(status["kind"] == "Status" && status["apiVersion"] == "v1" && status["status"] == "Failure")
        #expect(status["code"] == 422 && status["reason"] == "Invalid")
        #expect(status["details"]?["name"] == "inference1")
        #expect(status["details"]?["group"] == "apps")
        #expect(status["details"]?["kind"] == "Deployment")
        let cause = try #require(status[path: ["details", "causes"]]?[0])
        #expect(cause["reason"] == "FieldValueForbidden")
        #expect(cause["field"] == "spec.template.spec.initContainers[0]")
        #expect(
            status["message"]?.stringValue == #"Deployment.apps "inference1" is invalid: spec.template.spec.initContainers[0]: "#
                + (cause["message"]?.stringValue ?? "")
        )
    }
}
