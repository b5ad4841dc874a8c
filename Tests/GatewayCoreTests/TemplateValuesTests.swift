import Foundation
import GatewayCore
import Testing

/// How submitted template values meet an administrator's defaults, and how errors are named.
@Suite struct TemplateValuesTests {
    @Test func submittedValuesWinAndMapsMergeByKey() {
        let defaults: [String: JSONValue] = [
            "gpu": 0.5, "image": "nginx",
            "environment": ["A": "1", "B": "2"],
            "ports": ["http": ["container": 80], "debug": ["container": 5678]],
        ]
        let submitted: [String: JSONValue] = [
            "gpu": 1, "environment": ["B": "3", "C": "4"], "ports": ["debug": .null, "grpc": ["container": 50051]],
        ]
        let merged = LegacyTemplateValues.merge(submitted, over: defaults)
        #expect(merged["gpu"] == 1)
        #expect(merged["image"] == "nginx")
        #expect(merged["environment"] == ["A": "1", "B": "3", "C": "4"])
        #expect(merged["ports"] == ["http": ["container": 80], "grpc": ["container": 50051]])
    }

    @Test func aFieldSubmittedAsNullKeepsItsDefault() {
        #expect(LegacyTemplateValues.merge(["gpu": .null], over: ["gpu": 0.5]) == ["gpu": 0.5])
    }

    @Test func mapItemsBecomeListItemsInNameOrder() throws {
        let conversion = try LegacyTemplateValues.jobObject(
            ["pvc": ["b": ":1Gi:/b", "a": ":2Gi:/a"], "command": "serve"],
            path: "template.values"
        )
        #expect(conversion.members["pvc"] == [":2Gi:/a", ":1Gi:/b"])
        #expect(conversion.members["command"] == "serve")
    }

    @Test func jobFieldsInErrorsBecomeTemplateFields() throws {
        let conversion = try LegacyTemplateValues.jobObject(["pvc": ["data": [:]]], path: "template.values")
        let error = conversion.renamed(.missing(field: "job.pvc[0].path"))
        #expect(error.field == "template.values.pvc.data.path")
        #expect(error.message == "template.values.pvc.data.path: required")
        // Words that are not field paths stay as they are.
        let prose = conversion.renamed(.invalid(field: "job.gpu", rule: "r", details: "Resubmit the job. Or the job.gpu, or ajob.x."))
        #expect(prose.details == "Resubmit the job. Or the template.values.gpu, or ajob.x.")
    }

    @Test func aJobBodyIsReadAsBeforeAndRecordsNoTemplate() throws {
        let request = try LegacySubmitRequest(json: ["job": ["project": "team-a", "image": "nginx"]], templates: nil)
        #expect(request.template == nil)
        #expect(request.job == ["project": "team-a", "image": "nginx"])
        #expect(request.attributed(.missing(field: "job.image")).field == "job.image")
    }

    @Test func aBodyWithNeitherJobNorTemplateStillNeedsJob() {
        #expect(rejection(#"{}"#)?.field == "job")
        #expect(rejection(#"{"template":null}"#)?.field == "job")
        #expect(rejection(#"{"template":{"project":"team-a","values":{"image":"nginx"}},"extra":1}"#)?.field == "request body.extra")
    }

    @Test func aTemplateDefinitionMayNotFixTheJobsNameOrProject() {
        for key in ["name", "project"] {
            let definition = JobTemplateDefinition(name: "t", values: [key: "x"])
            #expect(throws: LegacyAPIError.self) { try definition.validate(path: "templates[0]") }
        }
        let shape = JobTemplateDefinition(name: "t", values: ["ports": [["container": 80]]])
        do {
            try shape.validate(path: "templates[3]")
            Issue.record("a list-shaped ports was accepted")
        } catch {
            #expect(error.field == "templates[3].values.ports")
        }
    }
}
