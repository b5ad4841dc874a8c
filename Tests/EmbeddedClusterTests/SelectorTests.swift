import GatewayCore
import Testing

@testable import EmbeddedCluster

@Suite struct SelectorTests {
    static let labels = ["app": "demo", "tier": "gold", "version": "3"]

    @Test(arguments: [
        ("", true),
        ("app=demo", true),
        ("app==demo", true),
        ("app=other", false),
        ("app!=other", true),
        ("missing!=x", true),
        ("app in (demo, other)", true),
        ("app in (x,y)", false),
        ("app notin (x,y)", true),
        ("missing notin (x)", true),
        ("tier", true),
        ("missing", false),
        ("!missing", true),
        ("!tier", false),
        ("app=demo,tier=gold", true),
        ("app=demo, tier=silver", false),
        ("version>2", true),
        ("version<3", false),
        ("example.com/key!=v", true),
    ])
    func labelSelectorsMatchLikeTheApiserver(selector: String, expected: Bool) throws {
        #expect(try LabelSelector(parsing: selector).matches(Self.labels) == expected)
    }

    @Test(arguments: ["app in demo", "app in (a", "=x", "app=a b", "app===b", "app=demo,", "version>x", "a b"])
    func malformedLabelSelectorsAreBadRequests(selector: String) {
        #expect {
            _ = try LabelSelector(parsing: selector)
        } throws: { error in
            let status = error as? KubeStatusError
            return status?.code == 400 && status?.message.hasPrefix("unable to parse requirement: ") == true
        }
    }

    @Test func emptyValueSelectsAnEmptyLabel() throws {
        #expect(try LabelSelector(parsing: "app=").matches(["app": ""]))
    }

    @Test func fieldSelectorsKnowNameAndNamespaceOnly() throws {
        let selector = try FieldSelector(parsing: "metadata.name=demo,metadata.namespace!=kube-system")
        #expect(selector.matches(namespace: "ns1", name: "demo"))
        #expect(!selector.matches(namespace: "kube-system", name: "demo"))
        #expect(!selector.matches(namespace: "ns1", name: "other"))
        #expect(try FieldSelector(parsing: "metadata.name==demo").matches(namespace: "x", name: "demo"))
        #expect {
            _ = try FieldSelector(parsing: "spec.x=1")
        } throws: { error in
            let status = error as? KubeStatusError
            return status?.code == 400
                && status?.message == #""spec.x" is not a known field selector: only "metadata.name", "metadata.namespace""#
        }
        #expect(throws: KubeStatusError.self) { _ = try FieldSelector(parsing: "metadata.name") }
    }

    @Test func qualifiedNamesAndLabelValuesFollowTheApiserverRules() {
        #expect(MetadataRules.qualifiedNameProblem("app") == nil)
        #expect(MetadataRules.qualifiedNameProblem("run.ai/embedded-controller") == nil)
        #expect(MetadataRules.qualifiedNameProblem("-bad") != nil)
        #expect(MetadataRules.qualifiedNameProblem("Bad_Prefix/x") != nil)
        #expect(MetadataRules.qualifiedNameProblem(String(repeating: "a", count: 64)) != nil)
        #expect(MetadataRules.labelValueProblem("") == nil)
        #expect(MetadataRules.labelValueProblem("My_value.1") == nil)
        #expect(MetadataRules.labelValueProblem("has space") != nil)
        #expect(MetadataRules.subdomainProblem("demo.example-1") == nil)
        #expect(MetadataRules.subdomainProblem("Demo") != nil)
        #expect(MetadataRules.subdomainProblem("demo.") != nil)
        #expect(MetadataRules.dnsLabelProblem("runai-team-a") == nil)
        #expect(MetadataRules.dnsLabelProblem("a.b") != nil)
    }
}
