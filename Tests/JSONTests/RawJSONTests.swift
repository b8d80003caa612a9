import Foundation
import Testing
@testable import JSON

@Suite struct RawJSONTests {
    struct Envelope: Codable, Equatable {
        var seq: Int
        var event: RawJSON
        var extra: RawJSON?
    }

    @Test func itsBytesAreWrittenVerbatimInsideAStruct() throws {
        // Keys out of order on purpose: JSONBytesEncoder must not touch them.
        let event = RawJSON(unchecked: Array(#"{"type":"step","data":{"z":1,"a":"\u0000"}}"#.utf8))
        let bytes = try JSONBytesEncoder().encode(Envelope(seq: 3, event: event))
        #expect(text(bytes) == #"{"seq":3,"event":{"type":"step","data":{"z":1,"a":"\u0000"}}}"#)
        #expect(text(try JSONBytesEncoder().encode([event, event])) == "[\(event),\(event)]")
        #expect(text(try JSONBytesEncoder().encode(event)) == event.description)
    }

    @Test func otherEncodersGetTheParsedValue() throws {
        let event = RawJSON(unchecked: Array(#"{"b":[1,2.5,null],"a":"x"}"#.utf8))
        let envelope = Envelope(seq: 1, event: event, extra: RawJSON("s"))
        let foundation = try JSONParser.parse(FoundationCoders.encode(envelope))
        #expect(foundation == ["seq": 1, "event": ["a": "x", "b": [1, 2.5, nil]], "extra": "s"])
        #expect(foundation == (try JSONParser.parse(JSONBytesEncoder().encode(envelope))))
    }

    @Test func decodingCapturesTheValueAsJSONWriterWritesIt() throws {
        let value: JSONValue = ["seq": 2, "event": ["b": 1, "a": [true, nil]]]
        let envelope = try JSONValueCoding.decode(Envelope.self, from: value)
        #expect(envelope.event.description == #"{"a":[true,null],"b":1}"#)
        #expect(envelope.extra == nil)
        let viaFoundation = try JSONDecoder().decode(Envelope.self, from: Data(JSONWriter.encode(value)))
        #expect(viaFoundation == envelope)
    }

    @Test func untrustedTextIsValidatedAndMadeCompact() throws {
        let raw = try RawJSON(validating: " { \"b\" : 1 ,\n \"a\" : [ 1 , 2 ] } \n")
        #expect(raw.description == #"{"a":[1,2],"b":1}"#)
        #expect(try raw.parsed() == ["a": [1, 2], "b": 1])
        for bad in ["", "{", "[1,]", "1 2", "\"\u{1}\"", "nul"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try RawJSON(validating: bad) }
        }
    }

    @Test func equalityIsByteEquality() throws {
        let a = RawJSON(unchecked: Array(#"{"a":1,"b":2}"#.utf8))
        let b = RawJSON(unchecked: Array(#"{"b":2,"a":1}"#.utf8))
        #expect(a != b)
        #expect(a == RawJSON(["b": 2, "a": 1]))
        #expect(Set([a, b, RawJSON(["a": 1, "b": 2])]).count == 2)
        #expect(try RawJSON(encoding: RunView.sample).bytes == JSONBytesEncoder().encode(RunView.sample))
    }
}
