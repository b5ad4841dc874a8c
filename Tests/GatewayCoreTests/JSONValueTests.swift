import Foundation
import GatewayCore
import Testing

@Suite struct JSONValueTests {
    @Test func integersStayExactAndOtherNumbersAreDoubles() throws {
        let value = try JSONValue(parsing: #"{"big":9007199254740993,"neg":-12,"frac":1.5,"exp":1e3,"zero":0}"#)
        #expect(value["big"] == .integer(9_007_199_254_740_993))
        #expect(value["neg"] == .integer(-12))
        #expect(value["frac"] == .double(1.5))
        guard case .double = value["exp"] else {
            Issue.record("an exponent makes a double")
            return
        }
        #expect(value["exp"] == .integer(1000))
        #expect(value["big"]?.compactString == "9007199254740993")
        #expect(try JSONValue(parsing: "92233720368547758070") == .double(92_233_720_368_547_758_070))
    }

    @Test func serialisationIsCompactWithSortedKeys() throws {
        let value: JSONValue = ["b": [1, 2.5, "x"], "a": ["z": true, "y": .null], "c": "é\"\\\n\u{01}/"]
        #expect(value.compactString == #"{"a":{"y":null,"z":true},"b":[1,2.5,"x"],"c":"é\"\\\n\u0001/"}"#)
        #expect(try JSONValue(parsing: value.compactString) == value)
    }

    @Test func stringsDecodeEscapesAndSurrogatePairs() throws {
        #expect(try JSONValue(parsing: #""a\u00e9\ud83d\ude00\/\t""#) == .string("aé😀/\t"))
    }

    @Test func invalidUTF8InStringsBecomesTheReplacementCharacter() throws {
        #expect(try JSONValue(parsing: [0x22, 0x61, 0xFF, 0x62, 0x22]) == .string("a\u{FFFD}b"))
    }

    @Test(arguments: ["", "{", "[1,]", #"{"a":1,}"#, "01", "1.", "-", "tru", #""\x""#, "\"a\u{01}\"", "1 2", "{1:2}", "nul"])
    func malformedDocumentsAreRejected(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
    }

    @Test func subscriptsReadAndWritePaths() {
        var value: JSONValue = ["metadata": ["name": "demo"]]
        value[path: ["metadata", "labels", "app"]] = "web"
        value["spec"] = ["replicas": 1]
        #expect(value[path: ["metadata", "labels", "app"]] == "web")
        value[path: ["metadata", "name"]] = nil
        #expect(value["metadata"] == ["labels": ["app": "web"]])
        #expect(value["spec"]?["replicas"]?.integerValue == 1)
        #expect(value["missing"] == nil)
        #expect(JSONValue.array([1, 2])[1] == 2)
    }

    @Test func codableRoundTripKeepsIntegers() throws {
        let value: JSONValue = ["n": 3, "d": 0.25, "s": "x", "a": [true, .null]]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(#"{"n":3}"#.utf8))["n"] == .integer(3))
    }
}
