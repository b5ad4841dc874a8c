import Foundation
import GatewayCore
import Testing

/// A workload shown as a Deployment: its spec translates back to the same workload, and its status
/// drives `kubectl rollout status` to success while it runs and to a clear failure when it fails.
@Suite struct LegacyKubernetesDeploymentViewTests {
    /// What `kubectl rollout status deployment/<name>` concludes from one Deployment (the logic of
    /// kubectl's `DeploymentStatusViewer`): done, still waiting, or failed.
    enum Rollout: Equatable {
        case done
        case waiting(String)
        case failed(String)
    }

    static func rollout(_ deployment: JSONValue) -> Rollout {
        let status = deployment["status"] ?? [:]
        let name = deployment[path: ["metadata", "name"]]?.stringValue ?? ""
        guard let generation = deployment[path: ["metadata", "generation"]]?.integerValue,
            generation <= status["observedGeneration"]?.integerValue ?? 0
        else { return .waiting("Waiting for deployment spec update to be observed...") }
        let progressing = status["conditions"]?.arrayValue?.first { $0["type"] == "Progressing" }
        if progressing?["reason"] == "ProgressDeadlineExceeded" { return .failed("deployment \"\(name)\" exceeded its progress deadline") }
        let replicas = deployment[path: ["spec", "replicas"]]?.integerValue ?? 1
        let updated = status["updatedReplicas"]?.integerValue ?? 0
        let available = status["availableReplicas"]?.integerValue ?? 0
        if updated < replicas { return .waiting("\(updated) out of \(replicas) new replicas have been updated") }
        if status["replicas"]?.integerValue ?? 0 > updated { return .waiting("old replicas are pending termination") }
        if available < updated { return .waiting("\(available) of \(updated) updated replicas are available") }
        return .done
    }

    static func workload(replicas: Int = 2) throws -> InferenceWorkload {
        try translate(
            #"{"job":{"name":"web","project":"team-a","image":"nginx","gpu":1,"replicas":\#(replicas),"ports":[{"container":80}]}}"#,
            user: "john"
        )
    }

    @Test func aPendingWorkloadKeepsTheRolloutWaitingWithNoReplicaAvailable() throws {
        let view = LegacyWorkloadViews.deployment(of: try Self.workload(), state: LegacyWorkloadState(status: "Pending"))
        #expect(Self.rollout(view) == .waiting("0 of 2 updated replicas are available"))
        let conditions = view[path: ["status", "conditions"]]?.arrayValue ?? []
        #expect(conditions.first { $0["type"] == "Available" }?["status"] == "False")
        #expect(conditions.first { $0["type"] == "Progressing" }?["status"] == "True")
        #expect(view[path: ["status", "unavailableReplicas"]] == 2)
    }

    @Test func aRunningWorkloadEndsTheRolloutWithEveryReplicaReadyAndAvailable() throws {
        let view = LegacyWorkloadViews.deployment(of: try Self.workload(), state: LegacyWorkloadState(status: "Running", generation: 3))
        #expect(Self.rollout(view) == .done)
        let status = try #require(view["status"])
        #expect(status["observedGeneration"] == 3)
        #expect(status["replicas"] == 2 && status["updatedReplicas"] == 2 && status["readyReplicas"] == 2 && status["availableReplicas"] == 2)
        let progressing = status["conditions"]?.arrayValue?.first { $0["type"] == "Progressing" }
        #expect(progressing?["reason"] == "NewReplicaSetAvailable")
        #expect(status["conditions"]?.arrayValue?.first { $0["type"] == "Available" }?["status"] == "True")
    }

    @Test func aRunningWorkloadWithFewerReadyReplicasThanAskedIsStillRollingOut() throws {
        var state = LegacyWorkloadState(status: "Running")
        state.readyReplicas = 1
        let view = LegacyWorkloadViews.deployment(of: try Self.workload(), state: state)
        #expect(Self.rollout(view) == .waiting("1 of 2 updated replicas are available"))
    }

    @Test func anImageThatCannotBePulledFailsTheRolloutWithProgressDeadlineExceededAndTheClustersMessage() throws {
        var record = Workload(
            id: "7d1c",
            project: "team-a",
            name: "web",
            namespace: "runai-team-a",
            username: "john",
            legacyRequest: "{}",
            desiredObject: try Self.workload().jsonText(),
            status: "ImagePullBackOff",
            revision: 4,
            createdAt: Date(timeIntervalSince1970: 1_767_225_600),
            updatedAt: Date(timeIntervalSince1970: 1_767_225_660)
        )
        record.syncState = .synced
        let cluster: JSONValue = [
            "status": [
                "readyReplicas": 0,
                "conditions": [
                    ["type": "Ready", "status": "False", "reason": "ImagePullBackOff", "message": #"Back-off pulling image "does-not-exist""#]
                ],
            ]
        ]
        let view = LegacyWorkloadViews.deployment(of: try Self.workload(), state: LegacyWorkloadState(record: record, cluster: cluster))
        #expect(Self.rollout(view) == .failed(#"deployment "web" exceeded its progress deadline"#))
        let progressing = view[path: ["status", "conditions"]]?.arrayValue?.first { $0["type"] == "Progressing" }
        #expect(progressing?["status"] == "False")
        #expect(progressing?["message"]?.stringValue?.contains(#"ImagePullBackOff: Back-off pulling image "does-not-exist""#) == true)
        #expect(progressing?["lastTransitionTime"] == "2026-01-01T00:01:00Z")
        #expect(view[path: ["metadata", "uid"]] == "7d1c")
        #expect(view[path: ["metadata", "resourceVersion"]] == "4")
        #expect(view[path: ["metadata", "creationTimestamp"]] == "2026-01-01T00:00:00Z")
    }

    @Test func aWorkloadTheClusterRefusedFailsTheRolloutWithTheRefusal() throws {
        var record = Workload(
            id: "1",
            project: "team-a",
            name: "web",
            namespace: "runai-team-a",
            username: nil,
            legacyRequest: "{}",
            desiredObject: "{}",
            createdAt: Date(),
            updatedAt: Date()
        )
        record.syncState = .failed
        record.lastError = "admission webhook denied the request: quota exceeded"
        let view = LegacyWorkloadViews.deployment(of: try Self.workload(), state: LegacyWorkloadState(record: record))
        #expect(Self.rollout(view) == .failed(#"deployment "web" exceeded its progress deadline"#))
        let progressing = view[path: ["status", "conditions"]]?.arrayValue?.first { $0["type"] == "Progressing" }
        #expect(progressing?["message"]?.stringValue?.contains("quota exceeded") == true)
    }

    @Test func aDeploymentWhoseNewGenerationIsNotObservedYetKeepsTheRolloutWaiting() throws {
        var state = LegacyWorkloadState(status: "Running", generation: 2)
        state.observedGeneration = 1
        let view = LegacyWorkloadViews.deployment(of: try Self.workload(), state: state)
        #expect(Self.rollout(view) == .waiting("Waiting for deployment spec update to be observed..."))
    }

    @Test func theScaleOfTheDeploymentViewHasTheAskedAndCountedReplicasAndThePodSelector() throws {
        var state = LegacyWorkloadState(status: "Running")
        state.uid = "u1"
        let scale = LegacyWorkloadViews.scale(of: LegacyWorkloadViews.deployment(of: try Self.workload(replicas: 3), state: state))
        #expect(scale["apiVersion"] == "autoscaling/v1" && scale["kind"] == "Scale")
        #expect(scale["metadata"] == ["name": "web", "namespace": "runai-team-a", "uid": "u1"])
        #expect(scale["spec"] == ["replicas": 3])
        #expect(scale["status"] == ["replicas": 3, "selector": "app=web"])
    }

    @Test func theViewOfARESTSubmitTranslatesBackToTheSameWorkload() throws {
        var checked = 0
        for name in Fixtures.names {
            let fixture = try Fixtures.load(name)
            guard fixture["expected"] != nil, let request = fixture["request"] else { continue }
            let options = TranslationOptions()
            guard let workload = try? translateBody(request.compactData, user: fixture["user"]?.stringValue, options: options) else { continue }
            // REST-only fields have no manifest form; v1alpha1 and other namespace patterns are deployment options.
            let spec = workload.spec
            if spec.pvcs != nil || spec.gitSync != nil || spec.createHomeDir != nil || spec.namePrefix != nil || fixture["options"] != nil {
                continue
            }
            try expectRoundTrip(workload, name)
            checked += 1
        }
        #expect(checked >= 8)
    }

    @Test func theViewOfEveryAcceptedManifestFixtureTranslatesBackToTheSameWorkload() throws {
        for name in LegacyKubernetesFixtureTests.names {
            let fixture = try KubernetesFixtures.load(name)
            guard fixture["expected"] != nil, let deployment = fixture["deployment"] else { continue }
            guard case .translated(let submit) = LegacyDeploymentTranslator.translate(deployment: deployment, service: fixture["service"]) else {
                Issue.record("\(name) is not translated")
                continue
            }
            try expectRoundTrip(submit.workload, name)
        }
    }

    private func expectRoundTrip(_ workload: InferenceWorkload, _ name: String) throws {
        let state = LegacyWorkloadState(status: "Running")
        let deployment = LegacyWorkloadViews.deployment(of: workload, state: state)
        let service = LegacyWorkloadViews.service(of: workload, state: state)
        guard case .translated(let again) = LegacyDeploymentTranslator.translate(deployment: deployment, service: service) else {
            Issue.record(
                "\(name): the view is not translated again: \(LegacyDeploymentTranslator.translate(deployment: deployment, service: service))"
            )
            return
        }
        var expected = workload
        // A command is one string; its words come back with the list form's quoting.
        expected.spec.command = workload.spec.command.map { SpecValue(LegacyJob.Command.list(words($0.value)).joined) }
        expected.spec.arguments = workload.spec.arguments.map { SpecValue(LegacyJob.Command.list(words($0.value)).joined) }
        #expect(try again.workload.jsonText() == expected.jsonText(), "\(name)")
        #expect(again.warnings.isEmpty, "\(name): \(again.warnings)")
    }

    /// The words of a command as the view splits them.
    private func words(_ command: String) -> [String] {
        let view = LegacyWorkloadViews.deploymentModel(
            of: InferenceWorkload(
                apiVersion: "",
                metadata: .init(name: "x", namespace: nil),
                spec: {
                    var spec = InferenceWorkloadSpec()
                    spec.command = SpecValue(command)
                    return spec
                }()
            )
        )
        return view.template.container.command ?? []
    }
}
