import Foundation
import GatewayCore
import Testing

@testable import GatewayHTTP

/// The templates file: its two layouts, JSON or YAML, and the errors that stop the start.
@Suite struct TemplatesFileTests {
    @Test func yamlAndJSONListsGiveTheSameTemplates() throws {
        let yaml = try TemplatesFile.parse(
            """
            templates:
              - name: small-gpu
                projects: [team-a, team-b]
                values: {image: nginx, gpu: 0.5, ports: {8080: {container: 8080}}}
              - name: everywhere
                projects: ["*"]
            """,
            source: "t.yaml"
        )
        let json = try TemplatesFile.parse(
            #"[{"name":"small-gpu","projects":["team-a","team-b"],"values":{"image":"nginx","gpu":0.5,"ports":{"8080":{"container":8080}}}},"#
                + #"{"name":"everywhere","projects":"*"}]"#,
            source: "t.json"
        )
        #expect(yaml == json)
        #expect(yaml.map(\.name) == ["small-gpu", "everywhere"])
        #expect(yaml[0].projects == ["team-a", "team-b"])
        #expect(yaml[0].values["ports"] == ["8080": ["container": 8080]])
        #expect(yaml[1].projects == nil && yaml[1].isAvailable(in: "any-project"))
    }

    @Test(arguments: [
        ("templates: [{name: a}, {name: a}]", "templates[1].name repeats template a"),
        ("templates: [{name: a, values: {name: fixed}}]", "templates[0].values.name"),
        ("templates: [{name: a, values: {project: team-a}}]", "templates[0].values.project"),
        ("templates: [{name: a, values: {gpuu: 1}}]", "templates[0].values.gpuu: unknown field"),
        ("templates: [{name: a, values: {volumes: [{sourcePath: /a, targetPath: /b}]}}]", "templates[0].values.volumes"),
        ("templates: [{name: a, owner: me}]", "templates[0]: unknown key owner"),
        ("templates: [{name: 'two words'}]", "templates[0].name"),
        ("templates: [{name: a, projects: []}]", "templates[0].projects"),
        ("tmpl: []", "unknown key tmpl"),
        ("templates: {name: a}", "templates must be a list"),
        ("templates: [a: [", "not valid YAML or JSON"),
    ])
    func anInvalidFileIsRefusedNamingTheEntry(text: String, named: String) {
        #expect {
            try TemplatesFile.parse(text, source: "t.yaml")
        } throws: { error in
            "\(error)".contains(named)
        }
    }

    @Test func theFlagWinsOverTheEnvironment() throws {
        let environment = [GatewayEnvironment.templatesFile: "/etc/gateway/env-templates.yaml"]
        let flag = try LegacyAPIConfiguration.resolve(.init(templatesFile: "/etc/gateway/templates.yaml"), environment: environment)
        #expect(flag.templatesFile == "/etc/gateway/templates.yaml")
        #expect(try LegacyAPIConfiguration.resolve(.init(), environment: environment).templatesFile == "/etc/gateway/env-templates.yaml")
        #expect(try LegacyAPIConfiguration.resolve(.init(), environment: [:]).templatesFile == nil)
    }
}
