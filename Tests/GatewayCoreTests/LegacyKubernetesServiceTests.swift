import Foundation
import GatewayCore
import Testing

/// A legacy Service read on its own (as when it is applied before or after its Deployment), and
/// how it is paired with a Deployment.
@Suite struct LegacyKubernetesServiceTests {
    static func service(_ spec: JSONValue, name: String = "web") -> JSONValue {
        ["apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name), "namespace": "runai-team-a"], "spec": spec]
    }

    static func refusal(_ json: JSONValue) -> ManifestRefusal? {
        do {
            _ = try LegacyService(json: json)
            return nil
        } catch {
            return error
        }
    }

    static let deployment = LegacyDeployment(
        name: "web",
        namespace: "runai-team-a",
        selector: ["app": "web"],
        template: .init(labels: ["app": "web", "tier": "gpu"], container: .init(name: "web", image: "nginx"))
    )

    @Test func aServiceIsReadWithItsTypePortsAndSelectorAndTheAPIServersDefaultsAreAccepted() throws {
        let service = try LegacyService(
            json: Self.service([
                "type": "NodePort", "selector": ["app": "web"], "clusterIP": "10.96.0.12", "sessionAffinity": "None",
                "ports": [["name": "http", "port": 80, "targetPort": "http", "nodePort": 30080, "protocol": "TCP"]],
            ])
        )
        #expect(service.type == .nodePort)
        #expect(service.selector == ["app": "web"])
        #expect(service.ports == [.init(name: "http", port: 80, targetPort: .name("http"), nodePort: 30080)])
        #expect(try LegacyService(json: Self.service(["ports": [["port": 80, "targetPort": "8080"]]])).ports[0].targetPort == .number(8080))
    }

    @Test func anExternalNameServiceIsRefusedNamingTheSupportedTypes() throws {
        let refusal = try #require(Self.refusal(Self.service(["type": "ExternalName", "ports": [["port": 80]]])))
        #expect(refusal.kind == "Service" && refusal.group == "")
        #expect(refusal.causes.map(\.field) == ["spec.type"])
        #expect(refusal.causes[0].reason == .notSupported)
        #expect(refusal.causes[0].message == #"Unsupported value: "ExternalName": supported values: "ClusterIP", "NodePort", "LoadBalancer""#)
        #expect(refusal.message.hasPrefix(#"Service "web" is invalid: spec.type: "#))
    }

    @Test func aServiceWithoutPortsOrWithANodePortOnClusterIPOrWithExternalIPsIsRefusedWithEveryCause() throws {
        #expect(Self.refusal(Self.service(["type": "ClusterIP"]))?.causes.map(\.field) == ["spec.ports"])
        let refusal = try #require(
            Self.refusal(Self.service(["externalIPs": ["1.2.3.4"], "ports": [["port": 80, "nodePort": 30080], ["targetPort": 80]]]))
        )
        #expect(refusal.causes.map(\.field) == ["spec.ports[0].nodePort", "spec.ports[1].port", "spec.externalIPs"])
        #expect(refusal.causes.map(\.reason) == [.forbidden, .required, .forbidden])
    }

    @Test func aServiceBelongsToTheDeploymentOfItsNameOrWhosePodLabelsItsSelectorMatches() {
        #expect(LegacyService(name: "web", namespace: "runai-team-a").matches(Self.deployment))
        #expect(LegacyService(name: "front", namespace: "runai-team-a", selector: ["app": "web"]).matches(Self.deployment))
        #expect(LegacyService(name: "front", namespace: "runai-team-a", selector: ["tier": "gpu", "app": "web"]).matches(Self.deployment))
        #expect(!LegacyService(name: "front", namespace: "runai-team-a", selector: ["app": "other"]).matches(Self.deployment))
        #expect(!LegacyService(name: "front", namespace: "runai-team-a").matches(Self.deployment), "an empty selector selects nothing here")
        #expect(!LegacyService(name: "web", namespace: "runai-team-b").matches(Self.deployment), "another namespace")
        let json = Self.deployment.jsonValue
        #expect(LegacyService(name: "front", namespace: "runai-team-a", selector: ["tier": "gpu"]).matches(deploymentJSON: json))
        #expect(!LegacyService(name: "front", namespace: "runai-team-a", selector: ["tier": "cpu"]).matches(deploymentJSON: json))
    }

    @Test func anInvalidServiceRefusesTheDeploymentItIsPairedWithUnlessTheDeploymentHasCausesOfItsOwn() throws {
        let deployment = LegacyKubernetesReuseTests.deployment
        let service = Self.service(["type": "NodePort", "ports": [["port": 8888, "protocol": "SCTP"]]], name: "inference1")
        guard case .refused(let refusal) = LegacyDeploymentTranslator.translate(deployment: deployment, service: service) else {
            Issue.record("an SCTP port was accepted")
            return
        }
        #expect(refusal.kind == "Service")
        var broken = deployment
        broken[path: ["spec", "template", "spec", "affinity"]] = [:]
        guard case .refused(let own) = LegacyDeploymentTranslator.translate(deployment: broken, service: service) else {
            Issue.record("an affinity was accepted")
            return
        }
        #expect(own.kind == "Deployment")
        #expect(own.causes.map(\.field) == ["spec.template.spec.affinity"])
    }

    @Test func aServiceTargetingAPortNameNoContainerPortHasIsRefusedNamingBoth() throws {
        let service = Self.service(["ports": [["port": 80, "targetPort": "metrics"]]], name: "inference1")
        guard case .refused(let refusal) = LegacyDeploymentTranslator.translate(deployment: LegacyKubernetesReuseTests.deployment, service: service)
        else {
            Issue.record("an unknown target port name was accepted")
            return
        }
        #expect(refusal.causes.map(\.field) == ["spec.template.spec.containers[0].ports"])
        #expect(refusal.causes[0].message.contains("spec.ports[0].targetPort"))
    }
}
