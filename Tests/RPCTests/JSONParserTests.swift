import Foundation
import Testing
@testable import RPC

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let v = try JSONParser.parse(#"{"a":[1,-2.5,true,false,null,"x\n\u00e9\ud83d\ude00"],"b":{}}"#)
        #expect(v["a"]?.arrayValue?.count == 6)
        #expect(v["a"]?.arrayValue?[0] == .int(1))
        #expect(v["a"]?.arrayValue?[1] == .double(-2.5))
        #expect(v["a"]?.arrayValue?[5] == .string("x\né😀"))
        #expect(v["b"] == .object([:]))
    }

    @Test func roundTripsThroughTheWriter() throws {
        let text = #"{"a":[1,2.5,"q\"\\\u0001"],"b":null,"c":{"d":false}}"#
        let v = try JSONParser.parse(text)
        #expect(try JSONParser.parse(JSONWriter.encode(v)) == v)
        #expect(String(decoding: JSONWriter.encode(v), as: UTF8.self) == text)
    }

    @Test(arguments: [
        "{", "[1,", #"{"a" 1}"#, "tru", "01", "1.", "-", #""abc"#, #""\x""#, "[1]x", "", #"{"a":1,}"#,
        "\"\u{01}\"", #""\ud800""#, #""\udc00x""#, "1e400", "-1e999",
    ])
    func refusesMalformedText(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }  // encoded surrogate
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xC0, 0xAF, 0x22]) }  // overlong
    }

    @Test func limitsNestingWithoutExhaustingTheStack() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? JSONParser.parse(ok)) != nil)
    }

    @Test func keepsBigIntegersExact() throws {
        #expect(try JSONParser.parse("9007199254740993") == .int(9_007_199_254_740_993))
        #expect(try JSONParser.parse("1e3") == .double(1000))
        #expect(try JSONParser.parse("12345678901234567890").typeName == "number")
    }
}
