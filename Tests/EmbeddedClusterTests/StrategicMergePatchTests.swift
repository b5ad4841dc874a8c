import Foundation
import GatewayCore
import Testing

@testable import EmbeddedCluster

@Suite struct StrategicMergePatchTests {
    static let deployment = StrategicMergePatch(
        schema: {
            guard case .strategic(let schema) = ResourceKind.deployments.patchStrategy else { return StrategicMergeSchema(lists: [:]) }
            return schema
        }()
    )
    static let service = StrategicMergePatch(
        schema: {
            guard case .strategic(let schema) = ResourceKind.services.patchStrategy else { return StrategicMergeSchema(lists: [:]) }
            return schema
        }()
    )

    static func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

    static let live = #"""
        {"metadata":{"name":"inf1","labels":{"app":"inf1","team":"a"},"finalizers":["a"]},
         "spec":{"replicas":1,"template":{"spec":{"containers":[
           {"name":"main","image":"img:1","ports":[{"containerPort":8080,"name":"http"}],
            "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"args":["--x"]},
           {"name":"sidecar","image":"side:1"}]}}}}
        """#

    @Test(arguments: [
        // Maps merge; null deletes.
        (#"{"metadata":{"labels":{"team":null,"tier":"gpu"}}}"#, ["metadata", "labels"], #"{"app":"inf1","tier":"gpu"}"#),
        // Containers merge by name: only the named one changes.
        (
            #"{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"img:2"}]}}}}"#,
            ["spec", "template", "spec", "containers"],
            #"""
            [{"name":"main","image":"img:2","ports":[{"containerPort":8080,"name":"http"}],
              "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"args":["--x"]},{"name":"sidecar","image":"side:1"}]
            """#
        ),
        // A new container is appended.
        (
            #"{"spec":{"template":{"spec":{"containers":[{"name":"extra","image":"x:1"}]}}}}"#,
            ["spec", "template", "spec", "containers"],
            #"""
            [{"name":"main","image":"img:1","ports":[{"containerPort":8080,"name":"http"}],
              "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"args":["--x"]},{"name":"sidecar","image":"side:1"},
             {"name":"extra","image":"x:1"}]
            """#
        ),
        // Ports by containerPort, env by name; args (no strategy) are replaced.
        (
            #"""
            {"spec":{"template":{"spec":{"containers":[{"name":"main","args":["--y"],
              "ports":[{"containerPort":8080,"protocol":"TCP"},{"containerPort":9090}],"env":[{"name":"B","value":"3"}]}]}}}}
            """#,
            ["spec", "template", "spec", "containers"],
            #"""
            [{"name":"main","image":"img:1","args":["--y"],
              "ports":[{"containerPort":8080,"name":"http","protocol":"TCP"},{"containerPort":9090}],
              "env":[{"name":"A","value":"1"},{"name":"B","value":"3"}]},{"name":"sidecar","image":"side:1"}]
            """#
        ),
        // $patch: delete removes the element with that key.
        (
            #"{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}"#,
            ["spec", "template", "spec", "containers"],
            #"""
            [{"name":"main","image":"img:1","ports":[{"containerPort":8080,"name":"http"}],
              "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"args":["--x"]}]
            """#
        ),
        // {"$patch":"replace"} in a keyed list replaces the list.
        (
            #"{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"o:1"},{"$patch":"replace"}]}}}}"#,
            ["spec", "template", "spec", "containers"],
            #"[{"name":"only","image":"o:1"}]"#
        ),
        // $patch: replace in a map replaces the map.
        (#"{"metadata":{"labels":{"$patch":"replace","new":"x"}}}"#, ["metadata", "labels"], #"{"new":"x"}"#),
        // Finalizers merge as values; $deleteFromPrimitiveList removes values.
        (#"{"metadata":{"finalizers":["b","a"]}}"#, ["metadata", "finalizers"], #"["a","b"]"#),
        (#"{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}"#, ["metadata", "finalizers"], #"[]"#),
    ])
    func deploymentPatchesMergeByTheKubernetesPatchKeys(patch: String, path: [String], expected: String) throws {
        let result = try Self.deployment.apply(try Self.json(patch), to: try Self.json(Self.live))
        #expect(result[path: path] == (try Self.json(expected)))
        #expect(result[path: ["spec", "replicas"]] == 1)
    }

    @Test func setElementOrderOrdersTheMergedList() throws {
        let patch = #"""
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"main"}],
              "containers":[{"name":"sidecar","image":"side:2"}]}}}}
            """#
        let result = try Self.deployment.apply(try Self.json(patch), to: try Self.json(Self.live))
        let containers = result[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []
        #expect(containers.compactMap { $0["name"]?.stringValue } == ["sidecar", "main"])
        #expect(containers.first?["image"] == "side:2")
    }

    @Test func servicePortsMergeByPort() throws {
        let live = try Self.json(
            #"{"spec":{"type":"NodePort","ports":[{"port":80,"targetPort":8080,"nodePort":30080},{"port":443,"targetPort":8443}]}}"#
        )
        let patched = try Self.service.apply(
            try Self.json(#"{"spec":{"ports":[{"port":80,"targetPort":9090},{"port":8000}],"type":"LoadBalancer"}}"#),
            to: live
        )
        #expect(
            patched[path: ["spec", "ports"]]
                == (try Self.json(#"[{"port":80,"targetPort":9090,"nodePort":30080},{"port":443,"targetPort":8443},{"port":8000}]"#))
        )
        #expect(patched[path: ["spec", "type"]] == "LoadBalancer")
    }

    @Test func retainKeysKeepsOnlyTheNamedMembers() throws {
        let live = try Self.json(#"{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%"}}}}"#)
        let patched = try Self.deployment.apply(try Self.json(#"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#), to: live)
        #expect(patched[path: ["spec", "strategy"]] == ["type": "Recreate"])
    }

    @Test func aKeyedElementWithoutItsKeyAndAnUnknownDirectiveAreInvalid() throws {
        #expect {
            try Self.deployment.apply(try Self.json(#"{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}"#), to: try Self.json(Self.live))
        } throws: {
            ($0 as? KubeStatusError)?.code == 422
        }
        #expect { try Self.deployment.apply(try Self.json(#"{"metadata":{"$patch":"explode"}}"#), to: try Self.json(Self.live)) } throws: {
            ($0 as? KubeStatusError)?.code == 422
        }
    }

    @Test func customResourcesDoNotTakeStrategicMergePatches() {
        #expect(!ResourceKind.inferenceWorkloads.servesStrategicMerge)
        #expect(ResourceKind.deployments.servesStrategicMerge && ResourceKind.services.servesStrategicMerge)
    }
}
