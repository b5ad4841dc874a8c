import Foundation
import GatewayCore
import Testing

@testable import EmbeddedCluster

@Suite struct PatchTests {
    // RFC 7386 appendix A.
    @Test(arguments: [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, "null", "null"),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"a":1,"e":null}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ])
    func mergePatchFollowsRFC7386(target: String, patch: String, expected: String) throws {
        let result = JSONMergePatch.apply(try JSONValue(parsing: patch), to: try JSONValue(parsing: target))
        #expect(result == (try JSONValue(parsing: expected)))
    }

    @Test(arguments: [
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux"}]"#, #"{"baz":"qux","foo":"bar"}"#),
        (#"{"foo":["bar","baz"]}"#, #"[{"op":"add","path":"/foo/1","value":"qux"}]"#, #"{"foo":["bar","qux","baz"]}"#),
        (#"{"foo":["bar"]}"#, #"[{"op":"add","path":"/foo/-","value":"end"}]"#, #"{"foo":["bar","end"]}"#),
        (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"remove","path":"/baz"}]"#, #"{"foo":"bar"}"#),
        (#"{"foo":["bar","qux","baz"]}"#, #"[{"op":"remove","path":"/foo/1"}]"#, #"{"foo":["bar","baz"]}"#),
        (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"replace","path":"/baz","value":"boo"}]"#, #"{"baz":"boo","foo":"bar"}"#),
        (
            #"{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}"#,
            #"[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"#,
            #"{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"#
        ),
        (#"{"foo":["all","grass","cows","eat"]}"#, #"[{"op":"move","from":"/foo/1","path":"/foo/3"}]"#, #"{"foo":["all","cows","eat","grass"]}"#),
        (#"{"a":{"b":1}}"#, #"[{"op":"copy","from":"/a","path":"/c"}]"#, #"{"a":{"b":1},"c":{"b":1}}"#),
        (
            #"{"baz":"qux","foo":["a",2,"c"]}"#, #"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"#,
            #"{"baz":"qux","foo":["a",2,"c"]}"#
        ),
        (#"{"a/b":1,"m~n":2}"#, #"[{"op":"replace","path":"/a~1b","value":3},{"op":"remove","path":"/m~0n"}]"#, #"{"a/b":3}"#),
        (#"{"n":1}"#, #"[{"op":"test","path":"/n","value":1.0}]"#, #"{"n":1}"#),
        (#"{"a":1}"#, #"[{"op":"replace","path":"","value":{"b":2}}]"#, #"{"b":2}"#),
    ])
    func jsonPatchFollowsRFC6902(target: String, patch: String, expected: String) throws {
        let result = try JSONPatch(parsing: try JSONValue(parsing: patch)).apply(to: try JSONValue(parsing: target))
        #expect(result == (try JSONValue(parsing: expected)))
    }

    @Test(arguments: [
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz/bat","value":"qux"}]"#, "add operation does not apply"),
        (#"{"foo":"bar"}"#, #"[{"op":"remove","path":"/nope"}]"#, "remove operation does not apply"),
        (#"{"foo":"bar"}"#, #"[{"op":"replace","path":"/nope","value":1}]"#, "replace operation does not apply"),
        (#"{"baz":"qux"}"#, #"[{"op":"test","path":"/baz","value":"bar"}]"#, "testing value /baz failed"),
        (#"{"a":[1]}"#, #"[{"op":"add","path":"/a/5","value":1}]"#, "add operation does not apply"),
        (#"{"a":[1]}"#, #"[{"op":"add","path":"/a/01","value":1}]"#, "add operation does not apply"),
        (#"{"a":{"b":1}}"#, #"[{"op":"move","from":"/a","path":"/a/b/c"}]"#, "cannot move /a into its own child"),
    ])
    func jsonPatchFailuresNameTheOperationAndPath(target: String, patch: String, message: String) throws {
        let patch = try JSONPatch(parsing: try JSONValue(parsing: patch))
        #expect {
            _ = try patch.apply(to: try JSONValue(parsing: target))
        } throws: { error in
            (error as? JSONPatchError)?.message.contains(message) == true
        }
    }

    @Test func malformedJSONPatchDocumentsAreRejected() {
        for text in [#"{"op":"add"}"#, #"[{"path":"/a"}]"#, #"[{"op":"jump","path":"/a"}]"#, #"[{"op":"add","path":"a","value":1}]"#] {
            #expect(throws: JSONPatchError.self) { try JSONPatch(parsing: try JSONValue(parsing: text)) }
        }
    }

    @Test func patchTypeComesFromTheContentType() throws {
        #expect(try PatchType(contentType: "application/merge-patch+json; charset=utf-8", fieldManager: nil, force: nil) == .merge)
        #expect(try PatchType(contentType: "application/json-patch+json", fieldManager: nil, force: nil) == .json)
        #expect(
            try PatchType(contentType: "application/apply-patch+yaml", fieldManager: "kubectl", force: true)
                == .apply(fieldManager: "kubectl", force: true)
        )
        #expect { try PatchType(contentType: "application/strategic-merge-patch+json", fieldManager: nil, force: nil) } throws: {
            ($0 as? KubeStatusError)?.code == 415
        }
        #expect { try PatchType(contentType: "application/apply-patch+yaml", fieldManager: nil, force: nil) } throws: { error in
            let status = error as? KubeStatusError
            return status?.code == 422
                && status?.message == #"PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch"#
        }
        #expect { try PatchType(contentType: "application/merge-patch+json", fieldManager: nil, force: true) } throws: {
            ($0 as? KubeStatusError)?.code == 422
        }
    }
}
