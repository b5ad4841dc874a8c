import Foundation
import GatewayCore
import Testing

/// A workload shown as a Service: type, ports, cluster address and the URL the cluster reports.
@Suite struct LegacyKubernetesServiceViewTests {
    static func workload(_ type: String) throws -> InferenceWorkload {
        try translate(
            #"{"job":{"name":"web","project":"team-a","image":"nginx","ports":[{"container":8080,"external":30080},{"container":9090}],"serviceType":"\#(type)"}}"#
        )
    }

    @Test func aNodePortWorkloadIsANodePortServiceWhoseNodePortIsTheExternalPort() throws {
        let service = try #require(LegacyWorkloadViews.service(of: Self.workload("nodeport"), state: LegacyWorkloadState(status: "Pending")))
        #expect(service["kind"] == "Service" && service["apiVersion"] == "v1")
        #expect(service[path: ["spec", "type"]] == "NodePort")
        #expect(service[path: ["spec", "selector"]] == ["app": "web"])
        #expect(
            service[path: ["spec", "ports"]] == [
                ["name": "port-8080", "port": 30080, "targetPort": 8080, "nodePort": 30080, "protocol": "TCP"],
                ["name": "port-9090", "port": 9090, "targetPort": 9090, "protocol": "TCP"],
            ]
        )
    }

    @Test func aLoadBalancerServiceShowsTheHostOfTheURLTheClusterReportsOnceRunning() throws {
        var state = LegacyWorkloadState(status: "Running")
        state.connectionURL = "http://web.runai-team-a.svc.cluster.local"
        state.clusterIP = "10.96.0.7"
        let service = try #require(LegacyWorkloadViews.service(of: Self.workload("loadbalancer"), state: state))
        #expect(service[path: ["spec", "type"]] == "LoadBalancer")
        #expect(service[path: ["spec", "ports"]]?[0]?["nodePort"] == nil)
        #expect(service[path: ["spec", "clusterIP"]] == "10.96.0.7")
        #expect(service[path: ["status", "loadBalancer", "ingress"]] == [["hostname": "web.runai-team-a.svc.cluster.local"]])
        #expect(service[path: ["metadata", "annotations", "runai-service-url"]] == "http://web.runai-team-a.svc.cluster.local")
        let pending = try #require(LegacyWorkloadViews.service(of: Self.workload("loadbalancer"), state: LegacyWorkloadState(status: "Pending")))
        #expect(pending[path: ["status", "loadBalancer"]] == [:], "no external address before it runs")
    }

    @Test func aClusterIPOrPortForwardWorkloadIsAClusterIPServiceAndOneWithoutServiceTypeHasNone() throws {
        for type in ["clusterip", "portforward"] {
            let service = try #require(LegacyWorkloadViews.service(of: Self.workload(type), state: LegacyWorkloadState(status: "Running")))
            #expect(service[path: ["spec", "type"]] == "ClusterIP")
            #expect(service[path: ["spec", "clusterIP"]] == nil, "no address is made up")
        }
        let bare = try translate(#"{"job":{"name":"web","project":"team-a","image":"nginx","ports":[{"container":8080}]}}"#)
        #expect(LegacyWorkloadViews.service(of: bare, state: LegacyWorkloadState(status: "Running")) == nil)
    }

    @Test func theServiceViewReadsBackAsAServiceThatBelongsToTheDeploymentView() throws {
        let workload = try Self.workload("nodeport")
        let state = LegacyWorkloadState(status: "Running")
        let service = try LegacyService(json: try #require(LegacyWorkloadViews.service(of: workload, state: state)))
        let deployment = try LegacyDeployment(json: LegacyWorkloadViews.deployment(of: workload, state: state))
        #expect(service.matches(deployment))
        #expect(deployment == LegacyWorkloadViews.deploymentModel(of: workload))
    }

    @Test func commandWordsSurviveTheOneStringFormOfAWorkload() throws {
        let workload = try translate(
            #"{"job":{"name":"web","project":"team-a","image":"nginx","command":["bash","-c","echo 'hi there' && serve"],"arguments":"--port 80 --name \"a b\""}}"#
        )
        let container = LegacyWorkloadViews.deploymentModel(of: workload).template.container
        #expect(container.command == ["bash", "-c", "echo 'hi there' && serve"])
        #expect(container.args == ["--port", "80", "--name", "a b"])
    }
}
