import Foundation
import GatewayCore
import Testing

@Suite struct StrictJSONTests {
    /// The error a strict parse of `bytes` gets; `nil` when it parses.
    private func strictError(_ bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try JSONValue(parsing: bytes, mode: .strict)
            return nil
        } catch {
            return error
        }
    }

    private func strictError(_ text: String) -> JSONParseError? {
        strictError(Array(text.utf8))
    }

    @Test func aRepeatedKeyIsAnErrorAtTheSecondKeyAndNamesIt() throws {
        let text = #"{"job":{"name":"a","name":"b"}}"#
        let error = try #require(strictError(text))
        #expect(error.message == #"duplicate key "name""#)
        #expect(error.offset == 19, "the offset of the second \"name\"")
        // Lenient parsing keeps the last value, as Go does.
        #expect(try JSONValue(parsing: text)["job"]?["name"] == "b")
    }

    @Test func theSameKeyInDifferentObjectsIsFine() throws {
        let value = try JSONValue(parsing: #"[{"name":"a"},{"name":"b","job":{"name":"c"}}]"#, mode: .strict)
        #expect(value[1]?["job"]?["name"] == "c")
    }

    @Test func aRepeatedKeyWithControlCharactersIsQuotedWithEscapes() throws {
        let error = try #require(strictError("{\"a\\u0000\":1,\"a\\u0000\":2}"))
        #expect(error.message == #"duplicate key "a\u0000""#)
        #expect(error.offset == 13)
    }

    /// Ill-formed UTF-8 in a string, with the offset of the byte at fault.
    static let invalidUTF8: [(name: String, bytes: [UInt8], offset: Int)] = [
        ("a stray continuation byte", [0x22, 0x61, 0x80, 0x22], 2),
        ("a lone lead byte", [0x22, 0x61, 0x62, 0xC3, 0x22], 3),
        ("0xFF", [0x22, 0xFF, 0x22], 1),
        ("an overlong two-byte '/'", [0x22, 0x61, 0xC0, 0xAF, 0x22], 2),
        ("an overlong two-byte NUL", [0x22, 0xC0, 0x80, 0x22], 1),
        ("an overlong three-byte form", [0x22, 0x61, 0x61, 0xE0, 0x80, 0xAF, 0x22], 3),
        ("an overlong four-byte form", [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], 1),
        ("a high surrogate in UTF-8", [0x22, 0x78, 0xED, 0xA0, 0x80, 0x22], 2),
        ("a low surrogate in UTF-8", [0x22, 0xED, 0xBF, 0xBF, 0x22], 1),
        ("a code point past U+10FFFF", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1),
        ("a sequence cut short by the quote", [0x22, 0xE2, 0x82, 0x22], 1),
        ("invalid bytes after an escape", [0x22, 0x5C, 0x6E, 0x61, 0xFE, 0x22], 4),
    ]

    @Test(arguments: invalidUTF8.indices)
    func invalidUTF8IsAnErrorAtItsFirstByte(index: Int) throws {
        let sample = Self.invalidUTF8[index]
        let document = [0x7B, 0x22, 0x6B, 0x22, 0x3A] + sample.bytes + [0x7D]  // {"k": … }
        let error = try #require(strictError(document), "\(sample.name) was accepted")
        #expect(error.message == "invalid UTF-8 in a string", "\(sample.name)")
        #expect(error.offset == sample.offset + 5, "\(sample.name)")
        // Leniently it becomes U+FFFD, as with Go.
        let lenient = try JSONValue(parsing: document)["k"]?.stringValue
        #expect(lenient?.contains("\u{FFFD}") == true, "\(sample.name)")
    }

    @Test func invalidUTF8InAKeyIsAnErrorToo() throws {
        let error = try #require(strictError([0x7B, 0x22, 0x61, 0xC0, 0x80, 0x22, 0x3A, 0x31, 0x7D]))
        #expect(error.offset == 3)
    }

    @Test func wellFormedUTF8OfEveryLengthIsKept() throws {
        let text = #"{"k":"aé€😀\u00e9\ud83d\ude00"}"#
        #expect(try JSONValue(parsing: text, mode: .strict)["k"] == "aé€😀é😀")
        // The edges of each range of Table 3-7.
        let edges: [UInt8] = [
            0x22, 0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80, 0xF0, 0x90, 0x80, 0x80,
            0xF4, 0x8F, 0xBF, 0xBF, 0x22,
        ]
        let value = try JSONValue(parsing: edges, mode: .strict)
        #expect(value.stringValue?.unicodeScalars.map(\.value) == [0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0x10000, 0x10FFFF])
    }

    @Test(arguments: [
        (#""\ud800""#, 1), (#""ab\udc00""#, 3), (#""\ud800x""#, 1), (#""\ud800\u0041""#, 1), (#""\ud800\ud800""#, 1),
    ])
    func anUnpairedSurrogateEscapeIsAnErrorAtTheEscape(text: String, offset: Int) throws {
        let error = try #require(strictError(text), "\(text) was accepted")
        #expect(error.message == #"unpaired surrogate in a \u escape"#)
        #expect(error.offset == offset)
    }

    @Test func lenientlyAnUnpairedSurrogateEscapeBecomesTheReplacementCharacterAndKeepsWhatFollows() throws {
        #expect(try JSONValue(parsing: #""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSONValue(parsing: #""\udc00""#) == .string("\u{FFFD}"))
    }

    @Test func strictModeStillParsesEverythingElseAsBefore() throws {
        let text = #"{"a":[1,2.5,-3,true,false,null,"x\n\u0000"],"b":{"c":{}},"d":"é"}"#
        #expect(try JSONValue(parsing: text, mode: .strict) == JSONValue(parsing: text))
    }

    @Test func theLegacyDecoderParsesStrictlyAndNamesTheLineColumnAndByte() throws {
        let body = Data("{\"job\":{\"project\":\"p\",\n \"project\":\"q\"}}".utf8)
        let error = try #require(decodeError(body))
        #expect(error.status == 400)
        #expect(error.details.contains(#"duplicate key "project""#), "\(error.details)")
        #expect(error.details.contains("line 2, column 2 (byte 24)"), "\(error.details)")

        let utf8 = try #require(decodeError(Data([0x7B, 0x22, 0x6A, 0x6F, 0x62, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D])))
        #expect(utf8.status == 400)
        #expect(utf8.details.contains("invalid UTF-8 in a string at line 1, column 9 (byte 8)"), "\(utf8.details)")
    }

    private func decodeError(_ body: Data) -> LegacyAPIError? {
        do {
            _ = try LegacyRequestDecoder.parse(body)
            return nil
        } catch {
            return error
        }
    }
}
